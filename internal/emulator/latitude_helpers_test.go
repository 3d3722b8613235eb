package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

func withLatitude(l Latitude) func(*Options) { return func(o *Options) { o.Latitude = l } }

// raw sends a request with the accepted token (JSON when body is non-empty) through
// client, nil for the server's own, and decodes a JSON body when there is one. Unlike
// send it accepts any Content-Type and any body.
func (h *harness) raw(client *http.Client, method, path, body string, hdr http.Header) reply {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatalf("build %s %s: %v", method, path, err)
	}
	if hdr == nil {
		hdr = http.Header{"X-Auth-Token": {token}}
		if body != "" {
			hdr.Set("Content-Type", "application/json")
		}
	}
	req.Header = hdr
	if client == nil {
		client = h.srv.Client()
	}
	resp, err := client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &r.body)
	}
	return r
}

// bind binds queues over HTTP and wants 200.
func (h *harness) bind(names ...string) {
	h.t.Helper()
	h.do("POST", bindPath(projectID, connID), queuesBody(names...)).expectStatus(h.t, http.StatusOK)
}

// listedQueues returns the names in available_queue_info of the seed's connection as
// show (or list, when fromList) answers it, repeats included.
func (h *harness) listedQueues(fromList bool) []string {
	h.t.Helper()
	var conn map[string]any
	if fromList {
		for _, c := range h.do("GET", connsPath(projectID), "").expectStatus(h.t, http.StatusOK).body["connections"].([]any) {
			if m := c.(map[string]any); m["id"] == connID {
				conn = m
			}
		}
	} else {
		conn = h.do("GET", connPath(projectID, connID), "").expectStatus(h.t, http.StatusOK).body
	}
	var names []string
	list, _ := conn["available_queue_info"].([]any)
	for _, e := range list {
		names = append(names, e.(map[string]any)["name"].(string))
	}
	return names
}
