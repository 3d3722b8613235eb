package engine

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
)

// Unanswered tells whether a request's error means no answer came at all: the
// connection could not be made (refused, no route, name not found) or the TLS
// handshake failed. A reset, a timeout after connecting or a bad body is an
// answer that was not usable, not an unreachable target.
func Unanswered(err error) bool {
	if err == nil {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	return errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record)
}
