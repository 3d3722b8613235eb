package engine

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestUnansweredTellsNoAnswerFromABadOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	_, err = http.Get(closed)
	if !Unanswered(err) {
		t.Errorf("refused connection: %v not taken as unanswered", err)
	}
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	_, err = http.Get(tlsSrv.URL)
	if !Unanswered(err) {
		t.Errorf("untrusted certificate: %v not taken as unanswered", err)
	}
	reset := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, _ := w.(http.Hijacker).Hijack()
		c.Close()
	}))
	defer reset.Close()
	_, err = http.Get(reset.URL)
	if err == nil || Unanswered(err) {
		t.Errorf("reset after connecting: %v taken as unanswered", err)
	}
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", hang.URL, nil)
	_, err = http.DefaultClient.Do(req)
	if err == nil || Unanswered(err) {
		t.Errorf("timeout after connecting: %v taken as unanswered", err)
	}
	if Unanswered(nil) || Unanswered(errors.New("x")) {
		t.Error("no error or a plain one taken as unanswered")
	}
}
