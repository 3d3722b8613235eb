package emulator

import (
	"reflect"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// parseBindCorpus are bodies on both sides of keysAsWritten: keys in other
// cases, escaped, folded outside ASCII, repeated, and bodies that are no
// object at all.
var parseBindCorpus = []string{
	``, `null`, `{}`, `[]`, `"queues"`, `3`, `{"queues":["queue_a","queue_b"]}`,
	`{"queues":["queue_a"],"elastic_resource_pools":["pool_a"]}`,
	`{"Queues":["queue_a"]}`, `{"QUEUES":["queue_a"]}`, `{"queues":["a"],"Queues":["b"]}`,
	`{"Queues":["b"],"queues":["a"]}`, `{"queues":["a"],"queues":["b"]}`,
	`{"\u0071ueues":["queue_a"]}`, `{"\u0051ueues":["queue_a"]}`, `{"queueſ":["queue_a"]}`,
	`{"elastic_resource_poolſ":["pool_a"]}`, `{"Elastic_Resource_Pools":["pool_a"]}`,
	`{"queues":null}`, `{"queues":[]}`, `{"queues":[null]}`, `{"queues":[1]}`, `{"queues":"queue_a"}`,
	`{"queues":["QUEUES"]}`, `{"queues":["\"Queues\""]}`, `{"x":{"Queues":["a"]},"queues":["b"]}`,
	`{"queues":["queue_a",["x"]]}`, `{"queues":["队列"]}`, `{"queues" :[ "queue_a" ] }`, `{"queues":["a"]} x`,
	`{"queues":["a"],}`, `{"queues ":["a"]}`, `{"elastic_resource_pools":[{"name":"pool_a"}]}`,
}

func TestParseBindReadsEveryBodyAsKeyByKeyReadingDoes(t *testing.T) {
	for _, profile := range []contract.Profile{"huaweicloud", "otc"} {
		emu, err := New(Options{Profile: profile, Tokens: []string{token}})
		if err != nil {
			t.Fatal(err)
		}
		for _, body := range parseBindCorpus {
			sameAsByKey(t, emu, []byte(body))
		}
	}
}

func FuzzParseBind(f *testing.F) {
	for _, body := range parseBindCorpus {
		f.Add([]byte(body))
	}
	emu, err := New(Options{Tokens: []string{token}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) { sameAsByKey(t, emu, body) })
}

func sameAsByKey(t *testing.T, emu *Emulator, body []byte) {
	t.Helper()
	got, gotErr := emu.parseBind(body)
	want, wantErr := emu.parseBindByKey(body)
	if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Errorf("%q: read as %+v, %v; key by key %+v, %v", body, got, gotErr, want, wantErr)
	}
}
