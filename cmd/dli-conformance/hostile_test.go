package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests run the binary against targets that attack it: answers that
// would make it hold or write without bound, and answers that echo its
// credentials back to get them printed.

// padHeaders adds about kib KiB of response headers to every answer of next.
func padHeaders(next http.Handler, kib int) http.Handler {
	line := strings.Repeat("p", 1000)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range kib {
			w.Header().Set(fmt.Sprintf("X-Pad-%04d", i), line)
		}
		next.ServeHTTP(w, r)
	})
}

// runMeasured runs the binary against handler as runWithFlags does and also
// returns its peak resident memory, in bytes.
func runMeasured(t *testing.T, handler http.Handler, flags []string, extraEnv ...string) (run, int64) {
	t.Helper()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	dir := t.TempDir()
	cmd := execBinary(append([]string{"run"}, flags...)...)
	cmd.Env = append(os.Environ(), "DLI_ENDPOINT="+srv.URL, "DLI_PROJECT_ID="+project, "DLI_CONNECTION_ID="+connection,
		"DLI_QUEUES=queue_a,queue_b", "DLI_POOLS=pool_a", "DLI_AUTH_TOKEN="+secretToken, "DLI_REPORT_DIR="+dir,
		"DLI_TIMEOUT=5s", "DLI_SETTLE_TIMEOUT=1s")
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r := run{dir: dir}
	if err := cmd.Run(); err != nil {
		if r.exit = exitCode(err); r.exit < 0 {
			t.Fatalf("run the binary: %v", err)
		}
	}
	r.stdout = out.String()
	r.summary = readSummary(t, dir, r)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage on this platform")
	}
	return r, ru.Maxrss << 10 // kilobytes on Linux
}

// TestAMegabyteOfHeadersOnEveryAnswerKeepsMemoryAndReportsBounded: the
// stateful walks send hundreds of requests and keep every step; with a
// megabyte of headers on every answer they once held a gigabyte.
func TestAMegabyteOfHeadersOnEveryAnswerKeepsMemoryAndReportsBounded(t *testing.T) {
	r, rss := runMeasured(t, padHeaders(newEmulator(t), 1024), []string{"--focus", "seeded walks"}, "DLI_MAX_HEADER_BYTES=2MiB")
	if r.exit != 0 || r.result("STATEFUL-WALKS").Status != report.Passed {
		t.Fatalf("exit %d, failed %v\n%s", r.exit, r.failedIDs(), r.stdout)
	}
	if rss > 400<<20 {
		t.Errorf("peak memory %d MB, want under 400 MB", rss>>20)
	}
	var total int64
	files, _ := os.ReadDir(r.dir)
	for _, f := range files {
		info, _ := f.Info()
		total += info.Size()
	}
	if total > 20<<20 {
		t.Errorf("%d bytes of reports, over DLI_MAX_REPORT_BYTES", total)
	}
	t.Logf("peak memory %d MB, %d bytes of reports", rss>>20, total)
}

// secretForms returns what of s shows in each encoding a target may echo it in:
// raw, base64 in both alphabets at each of the three alignments (the middle,
// which depends on s alone), URL-escaped, hex and JSON \u escapes.
func secretForms(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s), hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))), uEscape(s)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for _, prefix := range []string{"", "a", "ab"} {
			e := enc.EncodeToString([]byte(prefix + s))
			out = append(out, e[4:len(e)-4])
		}
	}
	return out
}

// echoes returns s in every encoding secretForms searches for, whole.
func echoes(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s), hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))), uEscape(s)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for _, prefix := range []string{"", "a", "ab"} {
			out = append(out, enc.EncodeToString([]byte(prefix+s)))
		}
	}
	return out
}

func uEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		fmt.Fprintf(&b, `\u%04x`, c)
	}
	return b.String()
}

// echoing wraps next so that every answer carries the credentials of its
// request back, in every encoding, in credential headers and others, and in
// an extra field of a JSON body. It records the secrets it echoed.
type echoing struct {
	next    http.Handler
	mu      sync.Mutex
	secrets map[string]bool
}

func (e *echoing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var creds []string
	for _, h := range []string{"X-Auth-Token", "X-Security-Token", "Authorization"} {
		if v := r.Header.Get(h); v != "" {
			creds = append(creds, v)
		}
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		if _, sig, ok := strings.Cut(auth, "Signature="); ok {
			creds = append(creds, sig)
		}
	}
	e.mu.Lock()
	for _, c := range creds {
		e.secrets[c] = true
	}
	e.mu.Unlock()
	var all []string
	for _, c := range creds {
		all = append(all, echoes(c)...)
	}
	rec := httptest.NewRecorder()
	e.next.ServeHTTP(rec, r)
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	if len(creds) > 0 {
		w.Header().Set("X-Auth-Token", creds[0])
		w.Header().Set("X-Subject-Token", creds[0])
		auth := r.Header.Get("Authorization")
		if auth == "" {
			auth = "Bearer " + creds[0]
		}
		w.Header().Set("Authorization", auth)
		w.Header().Set("Set-Cookie", "session="+creds[0])
		for i, enc := range all {
			w.Header().Set(fmt.Sprintf("X-Echo-%02d", i), enc)
		}
	}
	body := rec.Body.Bytes()
	var obj map[string]any
	if len(creds) > 0 && json.Unmarshal(body, &obj) == nil && obj != nil {
		obj["echo"] = strings.Join(all, " ")
		body, _ = json.Marshal(obj)
		w.Header().Del("Content-Length")
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// assertNoSecretForm searches stdout, stderr and every report file for every
// form of every secret.
func assertNoSecretForm(t *testing.T, r run, secrets map[string]bool) {
	t.Helper()
	texts := map[string]string{"the output": r.stdout}
	files, _ := filepath.Glob(filepath.Join(r.dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		texts[filepath.Base(f)] = string(b)
	}
	for s := range secrets {
		// The wrong token is no secret: it is shown on purpose.
		if len(s) < 8 || s == client.WrongToken {
			continue
		}
		for _, form := range secretForms(s) {
			for where, text := range texts {
				if strings.Contains(text, form) {
					t.Errorf("a secret shows in %s as %q", where, form)
				}
			}
		}
	}
}

func TestCredentialsEchoedInEveryEncodingShowNowhere(t *testing.T) {
	target := &echoing{next: newEmulator(t), secrets: map[string]bool{}}
	r := runWithFlags(t, target, nil)
	if r.summary.Requirements == nil || !target.secrets[secretToken] {
		t.Fatalf("exit %d, the target saw the token: %v\n%s", r.exit, target.secrets[secretToken], r.stdout)
	}
	assertNoSecretForm(t, r, target.secrets)
}

func TestAnAKSKRunWithItsSignatureEchoedShowsNoSecret(t *testing.T) {
	const ak, sk = "AKHOSTILE0001", "SK-HOSTILE-SECRET-5e6f7a"
	emu, err := emulator.New(emulator.Options{KeyPairs: map[string]string{ak: sk}})
	if err != nil {
		t.Fatal(err)
	}
	target := &echoing{next: emu, secrets: map[string]bool{sk: true}}
	// Each request's signature is a secret of its own, searched for in every
	// encoding in every file: the walks' thousands of requests would make the
	// search the test's cost, and the token run covers them.
	r := runWithFlags(t, target, []string{"--label-filter", "!stateful"}, "DLI_AUTH_TOKEN=", "DLI_AK="+ak, "DLI_SK="+sk, "DLI_MAX_CASES=40")
	signed := 0
	for s := range target.secrets {
		if strings.HasPrefix(s, "SDK-HMAC-SHA256 ") {
			signed++
		}
	}
	if r.summary.Requirements == nil || signed == 0 {
		t.Fatalf("exit %d, %d signed requests seen\n%s", r.exit, signed, r.stdout)
	}
	assertNoSecretForm(t, r, target.secrets)
	if !strings.Contains(r.stdout+reportText(t, r.dir), "Access="+ak) {
		t.Errorf("the access key id, no secret, should show in the evidence")
	}
}

// reportText is every report file of dir, concatenated.
func reportText(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		b.Write(raw)
	}
	return b.String()
}

func TestAOneCharacterTokenExitsTwoBeforeAnyRequest(t *testing.T) {
	var requests atomic.Int32
	r := runWithFlags(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { requests.Add(1) }), nil, "DLI_AUTH_TOKEN=t")
	if r.exit != 2 || requests.Load() != 0 || !strings.Contains(r.stdout, "DLI_AUTH_TOKEN") {
		t.Fatalf("exit %d after %d requests, want 2 after none, naming DLI_AUTH_TOKEN:\n%s", r.exit, requests.Load(), r.stdout)
	}
}

// TestBindsThrottledWithALongRetryAfterFailOnceTheThrottleBudgetIsSpent:
// a target that answers every bind 429 with Retry-After: 30 would keep a run
// waiting for hours; the throttle budget ends the waiting. With the default
// budget of two minutes such a run ends, failing, in three and a half minutes
// (four waits of 30 s, then every bind fails at once); here a budget of two
// seconds, too small for one wait, ends it at once.
func TestBindsThrottledWithALongRetryAfterFailOnceTheThrottleBudgetIsSpent(t *testing.T) {
	emu := newEmulator(t)
	throttled := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isBind(r, nil) {
			w.Header().Set("Retry-After", "30")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`))
			return
		}
		emu.ServeHTTP(w, r)
	})
	start := time.Now()
	r := runAgainst(t, throttled, "DLI_THROTTLE_BUDGET=2s")
	took := time.Since(start)
	if r.exit != 1 {
		t.Fatalf("exit %d after %v, want 1: the throttle budget, not Retry-After: 30 per bind, ends the run\n%s", r.exit, took, r.stdout)
	}
	if res := r.result("BIND-QUEUES"); res.Status != report.Failed || res.Kind != "throttled" || !strings.Contains(res.Reason, "throttle budget of 2s spent") {
		t.Fatalf("BIND-QUEUES: %s %s %q", res.Status, res.Kind, res.Reason)
	}
	if res := r.result("METHOD-GET"); res.Status != report.Passed {
		t.Errorf("METHOD-GET sends no bind, yet: %s %s %q", res.Status, res.Kind, res.Reason)
	}
}
