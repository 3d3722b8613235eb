package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/docs"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
)

var docsHelp = help{path: "docs", exits: "docs", text: `usage: dli-conformance docs check [flags] PAGE...

commands:
  check  compare DLI API reference pages with the contract (drift)

Run 'dli-conformance docs check -h' for its flags.
`}

var docsCheckHelp = help{path: "docs check", exits: "docs", text: `usage: dli-conformance docs check [--profile P] [--format text|json] [--page-id ID] PAGE...

Compares DLI API reference pages (OTC RST source, Huawei Cloud HTML or its text
rendering) with the contract: URI format, Tables 1-4 and the examples.
`}

// docsCommand dispatches the subcommands of docs; check is the only one.
func docsCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check" {
		return docsCheckCommand(args[1:], stdout, stderr)
	}
	fs := docsHelp.newFlagSet(stderr)
	if code, ok := docsHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	fmt.Fprint(stderr, docsHelp.text)
	return int(exitcode.Usage)
}

// docsCheckCommand runs `docs check`: each page given is read (RST, HTML or its
// text rendering) and compared with the contract's operation for it; its exit
// codes are exitcode.Of("docs").
func docsCheckCommand(args []string, stdout, stderr io.Writer) int {
	fs := docsCheckHelp.newFlagSet(stderr)
	profile := fs.String("profile", "", "contract profile to compare with: huaweicloud or otc (default: by the page's form, RST is otc)")
	format := fs.String("format", "text", "output: text or json")
	pageID := fs.String("page-id", "", "page id to compare as (default: the page's own, else by title or URI format)")
	var files []string
	for rest := args; ; { // flags may come before or after the pages
		if code, ok := docsCheckHelp.parse(fs, rest, stdout, stderr); !ok {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) == 0 || (*format != "text" && *format != "json") {
		docsCheckHelp.write(stderr, fs)
		return int(exitcode.Usage)
	}
	var fixed contract.Profile
	if *profile != "" {
		p, err := contract.ParseProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance docs check: --profile: %v\n", err)
			return int(exitcode.Usage)
		}
		fixed = p
	}
	list, err := docs.ShippedPageList()
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance docs check: %v\n", err)
		return int(exitcode.Usage)
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
		return int(exitcode.Usage)
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
