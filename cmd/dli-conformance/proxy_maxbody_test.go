package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestProxyRefusesANonPositiveMaxBody(t *testing.T) {
	for _, v := range []string{"-1", "0"} {
		var stdout, stderr bytes.Buffer
		code := dispatch([]string{"proxy", "--upstream", "http://127.0.0.1:9", "--max-body", v}, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "--max-body") {
			t.Errorf("--max-body %s: exit %d, want 2 naming the flag; stderr %s", v, code, stderr.String())
		}
	}
}
