package requirement

import (
	"context"
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Malformed bodies: refused with 400 (or 415 for the media type), nothing
// changed. %s in a body stands for the first configured queue.
var (
	BodyMalformedJSON  = malformed("BODY-MALFORMED-JSON", `{"queues": ["%s"`, "rejects a body that is not valid JSON with 400")
	BodyArray          = malformed("BODY-ARRAY", `["%s"]`, "rejects a body that is a JSON array with 400")
	BodyString         = malformed("BODY-STRING", `"%s"`, "rejects a body that is a JSON string with 400")
	BodyNumber         = malformed("BODY-NUMBER", `42`, "rejects a body that is a JSON number with 400")
	QueuesNotArray     = malformed("QUEUES-NOT-ARRAY", `{"queues": "%s"}`, "rejects queues given as a string instead of an array with 400")
	QueueElementNumber = malformed("QUEUE-ELEMENT-NUMBER", `{"queues": [42]}`, "rejects a queue name that is a number with 400")
	QueueElementObject = malformed("QUEUE-ELEMENT-OBJECT", `{"queues": [{"name": "%s"}]}`, "rejects a queue name that is an object with 400")
	QueueElementNull   = malformed("QUEUE-ELEMENT-NULL", `{"queues": [null]}`, "rejects a null queue name with 400")

	ContentTypeNotJSON = Requirement{ID: "CONTENT-TYPE-NOT-JSON", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "rejects a body sent as text/plain with 400 or 415",
		Check: func(ctx context.Context, s *engine.Spec) {
			req := s.BindRequest(s.JSON(map[string][]string{"queues": s.Run.Cfg.Queues[:1]}))
			req.Header = http.Header{"Content-Type": {"text/plain"}}
			refusedBind(ctx, s, req, false, 400, 415)
		}}
)

// malformed is the requirement that body, invalid by the contract, is refused
// with 400 and a parameter error.
func malformed(id, body, title string) Requirement {
	return Requirement{ID: id, Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesParameter, Title: title,
		Check: func(ctx context.Context, s *engine.Spec) {
			refusedBind(ctx, s, s.BindRequest(strings.ReplaceAll(body, "%s", s.Run.Cfg.Queues[0])), false, 400)
		}}
}
