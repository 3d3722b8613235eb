package client

import (
	"net/http"

	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// SignerAuth signs each request with SDK-HMAC-SHA256. ProjectID, when set, goes in
// X-Project-Id (signed), as the gateway wants for AK/SK requests to a project.
type SignerAuth struct {
	Credentials signer.Credentials
	ProjectID   string
}

// Apply sets X-Project-Id and signs the request over body.
func (a SignerAuth) Apply(req *http.Request, body []byte) error {
	if a.ProjectID != "" {
		req.Header.Set("X-Project-Id", a.ProjectID)
	}
	return signer.Signer{Credentials: a.Credentials}.Sign(req, body)
}

// wrongSK signs requests for the Wrong credentials: the right AK, the wrong key.
const wrongSK = "conformance-wrong-secret-key"

// Wrong returns the same access key with a secret key that does not match it.
func (a SignerAuth) Wrong() Auth {
	wrong := a
	wrong.Credentials.SK = wrongSK
	wrong.Credentials.SecurityToken = ""
	return wrong
}
