package sdkcheck

import (
	"errors"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	dli "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// The default seed's ids (fixtures/emulator-seed.json) and the test key pair.
const (
	projectID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	connID    = "2a620c33-5609-40c9-affd-2b6453071b0f"
	deletedID = "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40"
	unknownID = "00000000-1111-4222-8333-444444444444"
	testAK    = "SDKCHECKAK7Q2W9E4R1T"
	testSK    = "sdkcheck-SECRET-key-5f0e"
)

var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// harness is the emulator on loopback (plain http) and an SDK client signed with a
// key pair the emulator accepts. Its cleanup fails the test if an answer of the
// emulator departed from the contract or, unless allowViolations was called, if a
// request of the SDK did.
type harness struct {
	t               *testing.T
	emu             *emulator.Emulator
	srv             *httptest.Server
	client          *dli.DliClient
	allowViolations bool
}

func newHarness(t *testing.T, configure ...func(*emulator.Options)) *harness {
	t.Helper()
	opts := emulator.Options{KeyPairs: map[string]string{testAK: testSK}}
	for _, f := range configure {
		f(&opts)
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, emu: emu, srv: httptest.NewServer(emu)}
	t.Cleanup(h.srv.Close)
	h.client = h.newClient(testAK, testSK)
	t.Cleanup(func() {
		if v := emu.Violations(); len(v) > 0 {
			t.Errorf("the emulator's answers violate the contract:\n%s", strings.Join(v, "\n"))
		}
		if h.allowViolations {
			return
		}
		for _, rec := range emu.Requests() {
			if len(rec.Violations) > 0 {
				t.Errorf("the SDK's %s %s?%s departs from the contract: %v", rec.Method, rec.Path, rec.Query, rec.Violations)
			}
		}
	})
	return h
}

// newClient builds a DLI client as the SDK's README shows for a custom endpoint:
// credentials with the project id (so that no IAM call is made) and the endpoint.
func (h *harness) newClient(ak, sk string) *dli.DliClient {
	h.t.Helper()
	return newClient(h.t, h.srv.URL, ak, sk)
}

// newClient builds a client for any endpoint.
func newClient(t *testing.T, endpoint, ak, sk string) *dli.DliClient {
	t.Helper()
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(projectID).SafeBuild()
	if err != nil {
		t.Fatalf("credentials: %v", err)
	}
	hc, err := dli.DliClientBuilder().
		WithEndpoints([]string{endpoint}).
		WithCredential(cred).
		WithHttpConfig(config.DefaultHttpConfig().WithTimeout(10 * time.Second)).
		SafeBuild()
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return dli.NewDliClient(hc)
}

// serviceError asserts that err is the SDK's error for an answer with the status and
// code, with a message containing each fragment and the answer's request id.
func serviceError(t *testing.T, err error, status int, code string, fragments ...string) *sdkerr.ServiceResponseError {
	t.Helper()
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v, want *sdkerr.ServiceResponseError", err, err)
	}
	if se.StatusCode != status || se.ErrorCode != code {
		t.Errorf("StatusCode %d ErrorCode %q, want %d %q (message %q)", se.StatusCode, se.ErrorCode, status, code, se.ErrorMessage)
	}
	for _, f := range fragments {
		if !strings.Contains(se.ErrorMessage, f) {
			t.Errorf("ErrorMessage %q does not mention %q", se.ErrorMessage, f)
		}
	}
	if !requestIDPattern.MatchString(se.RequestId) {
		t.Errorf("RequestId %q, want the answer's X-Request-Id", se.RequestId)
	}
	return se
}

// last returns the most recent recorded request.
func (h *harness) last() emulator.RecordedRequest {
	h.t.Helper()
	recs := h.emu.Requests()
	if len(recs) == 0 {
		h.t.Fatal("the emulator recorded no request")
	}
	return recs[len(recs)-1]
}

func ptr[T any](v T) *T { return &v }
