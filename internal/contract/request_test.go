package contract

import "testing"

func TestWithPlaceholderTokenLeavesTheOriginalAlone(t *testing.T) {
	r := JSONRequest("POST", "/x", []byte(`{}`))
	got := r.WithPlaceholderToken()
	if got.Header.Get("X-Auth-Token") != PlaceholderToken || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v, want the token added to the JSON content type", got.Header)
	}
	if r.Header.Get("X-Auth-Token") != "" {
		t.Errorf("the original request gained a token: %v", r.Header)
	}
	if bare := (Request{Method: "GET", Target: "/"}).WithPlaceholderToken(); bare.Header.Get("X-Auth-Token") != PlaceholderToken {
		t.Errorf("a request without headers got %v", bare.Header)
	}
}

func TestCloneCopiesTheHeader(t *testing.T) {
	r := JSONRequest("POST", "/x", nil)
	c := r.Clone()
	c.Header.Set("Content-Type", "text/plain")
	if r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("changing the clone's header changed the original: %v", r.Header)
	}
}
