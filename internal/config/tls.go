package config

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TLSConfig returns the TLS settings for the target: the system roots plus
// DLI_CA_FILE, verification off only with DLI_INSECURE_SKIP_VERIFY.
func (c Config) TLSConfig() (*tls.Config, error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, &Error{Var: EnvCAFile, Msg: fmt.Sprintf("cannot read %q: %v", c.CAFile, err)}
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &Error{Var: EnvCAFile, Msg: fmt.Sprintf("%q holds no PEM certificate", c.CAFile)}
		}
		t.RootCAs = pool
	}
	if c.InsecureSkipVerify {
		t.InsecureSkipVerify = true
	}
	return t, nil
}
