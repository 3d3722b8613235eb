package suites_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/suites"
)

func TestConformance(t *testing.T) {
	cfg, err := suites.LoadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration error:", err)
		os.Exit(2)
	}
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	suites.Run(t, cfg, suites.RunOptions{Suite: suiteCfg, Reporter: repCfg, Out: os.Stdout})
}
