package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests run the suite against a target that echoes the caller's
// credentials back, in every encoding, in every place an answer can carry
// text, and then search every byte the run or the diff wrote for them.

// secretForms returns what of s shows in each encoding a target may echo it
// in, and in each form the suite's own files would quote those: raw, base64
// in both alphabets at each of the three alignments (the middle, which
// depends on s alone), URL-escaped, hex and JSON \u escapes; then the raw
// value as a JSON string, HTML and Markdown would escape it.
func secretForms(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s), hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))), uEscape(s)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for _, prefix := range []string{"", "a", "ab"} {
			e := enc.EncodeToString([]byte(prefix + s))
			out = append(out, e[4:len(e)-4])
		}
	}
	j, _ := json.Marshal(s)
	out = append(out, string(j[1:len(j)-1]), strings.ReplaceAll(uEscape(s), `\`, `\\`))
	html := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
	md := strings.NewReplacer(`_`, `\_`, `*`, `\*`, `<`, "&lt;", `>`, "&gt;", "&", "&amp;").Replace(s)
	return append(out, html, md)
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
// request back, each in every encoding, in: credential headers and others,
// header names, the status line's reason, and a JSON body's message,
// error_msg, error_code (of an error), an unknown field, keys, array elements
// and a string written with \u escapes. It records the secrets it echoed.
type echoing struct {
	next    http.Handler
	mu      sync.Mutex
	secrets map[string]bool
}

func newEchoing(next http.Handler) *echoing { return &echoing{next: next, secrets: map[string]bool{}} }

// credentialsOf lists what of a request's credentials a target could echo.
func credentialsOf(r *http.Request) []string {
	var creds []string
	for _, h := range []string{"X-Auth-Token", "X-Security-Token", "Authorization"} {
		if v := r.Header.Get(h); v != "" {
			creds = append(creds, v)
		}
	}
	if _, sig, ok := strings.Cut(r.Header.Get("Authorization"), "Signature="); ok {
		creds = append(creds, sig)
	}
	return creds
}

func (e *echoing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	creds := credentialsOf(r)
	e.mu.Lock()
	for _, c := range creds {
		e.secrets[c] = true
	}
	e.mu.Unlock()
	rec := httptest.NewRecorder()
	e.next.ServeHTTP(rec, r)
	if len(creds) == 0 {
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	var forms []string
	for _, c := range creds {
		forms = append(forms, echoes(c)...)
	}
	h := rec.Header().Clone()
	h.Set("X-Auth-Token", creds[0])
	h.Set("X-Subject-Token", creds[0])
	auth := r.Header.Get("Authorization")
	if auth == "" {
		auth = "Bearer " + creds[0]
	}
	h.Set("Authorization", auth)
	h.Set("Set-Cookie", "session="+creds[0])
	for i, f := range forms {
		h.Set(fmt.Sprintf("X-Echo-%02d", i), f)
		if isToken(f) {
			h.Set("X-Echo-"+f, "in the name")
		}
	}
	body := echoBody(rec.Body.Bytes(), rec.Code, creds, forms)
	writeRaw(w, r, rec.Code, strings.Join(forms, " "), h, body)
}

// echoBody puts the forms into a JSON object answer.
func echoBody(body []byte, status int, creds, forms []string) []byte {
	var obj map[string]any
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return body
	}
	joined := strings.Join(forms, " ")
	obj["message"] = "you sent " + joined
	obj["error_msg"] = "you sent " + joined
	if status >= 400 {
		obj["error_code"] = "DLI." + strings.Join(forms, ".")
	}
	obj["echo"] = joined
	obj["echo_list"] = forms
	nested := map[string]any{}
	for i, f := range forms {
		// Numbered, so that two secrets with the same number of forms give
		// the same number of keys.
		nested[fmt.Sprintf("%02d-%s", i, f)] = true
	}
	obj["echo_keys"] = nested
	const placeholder = "@@escaped@@"
	obj["echo_escaped"] = placeholder
	out, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	// A string of \u escapes only, as a JSON encoder that escapes everything
	// writes it: it reads as the credential itself.
	return []byte(strings.Replace(string(out), `"`+placeholder+`"`, `"`+uEscape(creds[0])+`"`, 1))
}

// writeRaw writes the answer on the connection itself, to choose the status
// line's reason.
func writeRaw(w http.ResponseWriter, r *http.Request, status int, reason string, h http.Header, body []byte) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	if r.Method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified {
		body = nil
	}
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, reason)
	h.Write(buf)
	buf.WriteString("\r\n")
	buf.Write(body)
	buf.Flush()
}

// isToken tells whether s may be a header's name.
func isToken(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// writtenTexts is every file under dir, at any depth and whatever its name,
// and the console output.
func writtenTexts(t *testing.T, dir, console string) map[string]string {
	t.Helper()
	texts := map[string]string{"the console": console}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		texts[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// secretHits counts, for each text, the forms of every secret in it.
func secretHits(texts map[string]string, secrets map[string]bool) map[string]int {
	hits := map[string]int{}
	for s := range secrets {
		// The wrong token is no secret: it is shown on purpose.
		if len(s) < redact.MinSecretLen || s == client.WrongToken {
			continue
		}
		for _, form := range secretForms(s) {
			for where, text := range texts {
				if n := strings.Count(text, form); n > 0 {
					hits[where] += n
				}
			}
		}
	}
	return hits
}

// assertNoSecretForm fails for each text that holds some form of a secret.
func assertNoSecretForm(t *testing.T, texts map[string]string, secrets map[string]bool) {
	t.Helper()
	hits := secretHits(texts, secrets)
	names := make([]string, 0, len(hits))
	for where := range hits {
		names = append(names, where)
	}
	sort.Strings(names)
	total := 0
	for _, where := range names {
		t.Errorf("%d forms of a secret show in %s, e.g. %s", hits[where], where, firstHit(texts[where], secrets))
		total += hits[where]
	}
	t.Logf("%d texts searched for %d secrets: %d hits", len(texts), len(secrets), total)
}

// firstHit shows the first form of a secret found in text, with what is
// around it.
func firstHit(text string, secrets map[string]bool) string {
	for s := range secrets {
		for _, form := range secretForms(s) {
			if i := strings.Index(text, form); i >= 0 && len(s) >= redact.MinSecretLen && s != client.WrongToken {
				return fmt.Sprintf("%q in …%q…", form, text[max(0, i-60):min(len(text), i+len(form)+60)])
			}
		}
	}
	return ""
}

// casesMasked reads dir's cases.json and returns how many cases it holds and
// in how many the echo came, masked: proof that the echo reached the files.
func casesMasked(t *testing.T, dir string) (cases, masked int) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, report.CasesFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc report.CasesDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("cases.json is no longer JSON once masked: %v", err)
	}
	for _, c := range doc.Cases {
		if strings.Contains(c.Message, redact.Mask) {
			masked++
		}
	}
	return len(doc.Cases), masked
}

func TestCredentialsEchoedInEveryEncodingShowNowhere(t *testing.T) {
	target := newEchoing(newEmulator(t))
	r := runWithFlags(t, target, nil)
	if r.summary.Requirements == nil || !target.secrets[secretToken] {
		t.Fatalf("exit %d, the target saw the token: %v\n%s", r.exit, target.secrets[secretToken], r.stdout)
	}
	assertNoSecretForm(t, writtenTexts(t, r.dir, r.stdout), target.secrets)
	if cases, masked := casesMasked(t, r.dir); cases == 0 || masked == 0 {
		t.Fatalf("%d cases, %d with the echo masked in their message: the echo did not reach the files", cases, masked)
	}
}

func TestAnAKSKRunWithItsSignatureEchoedShowsNoSecret(t *testing.T) {
	const ak, sk = "AKHOSTILE0001", "SK-HOSTILE-SECRET-5e6f7a"
	emu, err := emulator.New(emulator.Options{KeyPairs: map[string]string{ak: sk}})
	if err != nil {
		t.Fatal(err)
	}
	target := newEchoing(emu)
	target.secrets[sk] = true
	// Each request's signature is a secret of its own, searched for in every
	// form in every file: the walks' thousands of requests would make the
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
	texts := writtenTexts(t, r.dir, r.stdout)
	assertNoSecretForm(t, texts, target.secrets)
	if cases, masked := casesMasked(t, r.dir); cases == 0 || masked == 0 {
		t.Fatalf("%d cases, %d with the echo masked in their message: the echo did not reach the files", cases, masked)
	}
	all := ""
	for _, text := range texts {
		all += text
	}
	if !strings.Contains(all, "Access="+ak) {
		t.Errorf("the access key id, no secret, should show in the evidence")
	}
}

// secretTokenB is target B's token in the diff: it holds what JSON, HTML and
// Markdown escape, so that an escaped copy of it would be found.
const secretTokenB = `tokB+Se/cr_e*t=<x>&'"ü9`

func TestADiffOfTwoEchoingTargetsShowsNoSecretAndNoDifference(t *testing.T) {
	emuB, err := emulator.New(emulator.Options{Tokens: []string{secretTokenB}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := newEchoing(newEmulator(t)), newEchoing(emuB)
	srvA, srvB := httptest.NewServer(a), httptest.NewServer(b)
	defer srvA.Close()
	defer srvB.Close()
	env := append(targetEnv("DLI_", srvA.URL), targetEnv("DLI_B_", srvB.URL)...)
	env = append(env, "DLI_B_AUTH_TOKEN="+secretTokenB, "DLI_MAX_STEPS=60", "DLI_B_MAX_STEPS=60")
	r := runDiff(t, env, "--compare", "messages")
	if !a.secrets[secretToken] || !b.secrets[secretTokenB] {
		t.Fatalf("exit %d: the targets did not see their tokens\n%s", r.exit, r.stdout)
	}
	for _, side := range []string{"a", "b"} {
		if cases, masked := casesMasked(t, filepath.Join(r.dir, side)); cases == 0 || masked == 0 {
			t.Fatalf("side %s: %d cases, %d with the echo masked: the echo did not reach the files\n%s", side, cases, masked, r.stdout)
		}
	}
	secrets := map[string]bool{}
	for s := range a.secrets {
		secrets[s] = true
	}
	for s := range b.secrets {
		secrets[s] = true
	}
	assertNoSecretForm(t, writtenTexts(t, r.dir, r.stdout), secrets)
	// The two targets differ in nothing but the secret they echo: once
	// masked, no case differs.
	if r.exit != 0 || len(r.result.Differences) != 0 {
		t.Errorf("exit %d with differences %v:\n%s", r.exit, r.keys(), r.stdout)
	}
}
