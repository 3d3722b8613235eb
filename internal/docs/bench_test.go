package docs

import (
	"os"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// BenchmarkRead reads each form of the Binding a Queue page; BenchmarkCheck compares
// the read page with the contract (examples validated with kin-openapi).
func BenchmarkRead(b *testing.B) {
	for _, f := range []string{"testdata/binding-a-queue.otc.rst", "testdata/binding-a-queue.huaweicloud.txt", "testdata/binding-a-queue.fixture.html"} {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f[len("testdata/"):], func(b *testing.B) {
			for b.Loop() {
				if _, err := Read(f, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	c, err := contract.Load(contract.OTC)
	if err != nil {
		b.Fatal(err)
	}
	src, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	p, _ := Read("seed", src)
	for b.Loop() {
		if r := Check(c, p); !r.Agrees() {
			b.Fatal(r.Differences)
		}
	}
}
