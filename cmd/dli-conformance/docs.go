package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/docs"
)

// docsCommand runs `docs check`: each page given is read (RST, HTML or its text
// rendering) and compared with the contract's operation for it. It exits 0 when
// every page agrees (explained differences listed), 1 on drift, 2 when a page cannot
// be read or on a usage error.
func docsCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprint(stderr, docsUsage)
		return 2
	}
	fs := flag.NewFlagSet("docs check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := fs.String("profile", "", "contract profile to compare with: huaweicloud or otc (default: by the page's form, RST is otc)")
	format := fs.String("format", "text", "output: text or json")
	pageID := fs.String("page-id", "", "page id to compare as (default: the page's own, else by title or URI format)")
	fs.Usage = func() { fmt.Fprint(stderr, docsUsage); fs.PrintDefaults() }
	var files []string
	for rest := args[1:]; ; { // flags may come before or after the pages
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) == 0 || (*format != "text" && *format != "json") {
		fmt.Fprint(stderr, docsUsage)
		return 2
	}
	var fixed contract.Profile
	if *profile != "" {
		p, err := contract.ParseProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance docs check: --profile: %v\n", err)
			return 2
		}
		fixed = p
	}
	list, err := docs.ShippedPageList()
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance docs check: %v\n", err)
		return 2
	}
	var results []docs.Result
	var errs []error
	for _, f := range files {
		res, err := checkPage(f, fixed, *pageID, list)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		results = append(results, res)
	}
	rep := docs.NewReport(results, errs)
	if *format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance docs check: %v\n", err)
		return 2
	}
	return rep.ExitCode()
}

func checkPage(file string, profile contract.Profile, pageID string, list docs.PageList) (docs.Result, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return docs.Result{}, err
	}
	page, err := docs.Read(file, b)
	if err != nil {
		return docs.Result{}, err
	}
	if profile == "" {
		profile = docs.ProfileOf(page)
	}
	c, err := contract.Load(profile)
	if err != nil {
		return docs.Result{}, err
	}
	if err := docs.Identify(&page, list, c, pageID); err != nil {
		return docs.Result{}, err
	}
	return docs.Check(c, page), nil
}

const docsUsage = `usage: dli-conformance docs check [--profile P] [--format text|json] [--page-id ID] PAGE...

Compares DLI API reference pages (OTC RST source, Huawei Cloud HTML or its text
rendering) with the contract: URI format, Tables 1-4 and the examples.
Exit codes: 0 the pages agree (explained differences listed), 1 drift, 2 a page
cannot be read or a usage error.

flags:
`
