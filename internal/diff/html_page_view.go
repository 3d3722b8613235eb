package diff

// pageSource is diff.html's template. Its look follows report.html: the same
// palette, badges and cards, so that a reader of one reads the other.
const pageSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>{{.Word}} · DLI Binding a Queue differential run · {{.R.A.Target}} vs {{.R.B.Target}}</title>
<style>
:root {
  --fg: #1d2433; --muted: #5b6475; --bg: #ffffff; --panel: #f6f7f9; --line: #d9dde3;
  --pass: #067647; --pass-bg: #e7f6ec; --fail: #b42318; --fail-bg: #fdecea;
  --skip: #5b6475; --skip-bg: #eef0f3; --exp: #93370d; --exp-bg: #fef3e2;
  --stale: #6f2dbd; --stale-bg: #f1e9fb; --code-bg: #f3f4f6; --req: #1849a9; --resp: #1d2433;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e8ec; --muted: #a3aab8; --bg: #14171c; --panel: #1c2027; --line: #343a45;
    --pass: #5fd08b; --pass-bg: #143322; --fail: #ff8a80; --fail-bg: #3b1714;
    --skip: #a3aab8; --skip-bg: #262b33; --exp: #f5b75c; --exp-bg: #37270f;
    --stale: #c8a2ff; --stale-bg: #2c1f44; --code-bg: #1f242c; --req: #8ab4ff; --resp: #e6e8ec;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 0 24px 48px; }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h2 .count { color: var(--muted); font-weight: normal; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
code { overflow-wrap: anywhere; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  margin: 6px 0 12px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: var(--muted); }
td.hot { color: var(--fail); font-weight: 700; }
td.warm { color: var(--exp); font-weight: 700; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.sub { font-size: 12px; color: var(--muted); font-weight: normal; }

.banner { margin: 0 -24px; padding: 22px 24px 18px; border-bottom: 4px solid; }
.banner.ok { background: var(--pass-bg); border-color: var(--pass); }
.banner.warn { background: var(--exp-bg); border-color: var(--exp); }
.banner.bad { background: var(--fail-bg); border-color: var(--fail); }
.banner .what { margin: 0; font-size: 14px; color: var(--muted); }
.banner .verdict { margin: 2px 0 4px; font-size: 40px; font-weight: 800; letter-spacing: .02em; }
.banner.ok .verdict { color: var(--pass); }
.banner.warn .verdict { color: var(--exp); }
.banner.bad .verdict { color: var(--fail); }
.banner .headline { margin: 0 0 14px; font-size: 18px; font-weight: 600; }
.actions { margin: -6px 0 14px; padding-left: 20px; }
.agreement { margin: 0 0 14px; }
.bar { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: var(--skip-bg); max-width: 640px; }
.bar span { display: block; min-width: 3px; }
.bar .agree { background: var(--pass); }
.bar .expected { background: var(--exp); }
.bar .differ { background: var(--fail); }
.agreement p { margin: 4px 0 0; font-weight: 600; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 24px; margin: 0; }
.facts div { min-width: 0; }
.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; font-weight: 600; }
.facts .wide { grid-column: 1 / -1; }
nav { margin: 14px 0 0; font-size: 14px; }
nav a { margin-right: 16px; color: inherit; }

.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 700;
  letter-spacing: .02em; white-space: nowrap; }
.b-passed { background: var(--pass-bg); color: var(--pass); }
.b-failed { background: var(--fail-bg); color: var(--fail); }
.b-skipped, .b-not-run { background: var(--skip-bg); color: var(--skip); }
.b-expected-failure { background: var(--exp-bg); color: var(--exp); }
.b-stale { background: var(--stale-bg); color: var(--stale); }
.b-dim { background: var(--skip-bg); color: var(--skip); font-weight: 600; }
.b-dim.hot { background: var(--fail-bg); color: var(--fail); }
.b-differs { background: var(--fail); color: #fff; }
.b-expected { background: var(--exp-bg); color: var(--exp); }
.b-conforms { background: var(--pass-bg); color: var(--pass); }
.b-violates { background: var(--fail-bg); color: var(--fail); }
.b-req { background: var(--skip-bg); color: var(--skip); font-weight: 600; }

tr.differs td { background: var(--fail-bg); }
tr.differs td:first-child { box-shadow: inset 4px 0 0 var(--fail); }
tr.expected td:first-child { box-shadow: inset 4px 0 0 var(--exp); }

.card { border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 8px;
  padding: 12px 16px 6px; margin: 0 0 16px; background: var(--bg); }
.card.expected { border-left-color: var(--exp); opacity: .85; }
.card h3 { margin: 0 0 6px; font-size: 17px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.card.expected h3 { font-size: 15px; }
.card h3 .id { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.card .reason { margin: 0 0 8px; }
.card .reason strong { color: var(--exp); }
.label { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 10px 0 0; }
table.fields { margin: 4px 0 12px; }
table.fields td:first-child { width: 16%; }
table.fields td { width: 42%; }
table.fields code.value { white-space: pre-wrap; }
table.fields mark { background: var(--exp-bg); color: var(--exp); font-weight: 700; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 0 0 8px; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } }
.side { min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: var(--panel); }
.side h4 { margin: 0 0 6px; font-size: 15px; overflow-wrap: anywhere; }
.side dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 6px; }
.side dt { color: var(--muted); font-size: 13px; }
.side dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.side dd.hot { color: var(--fail); font-weight: 700; }
.card.expected .side dd.hot { color: var(--exp); }
.side .missing { margin: 8px 0; font-style: italic; color: var(--muted); }
.side details { margin: 4px 0 6px; }
.side summary { cursor: pointer; font-weight: 600; }
pre.request { border-left: 4px solid var(--skip); }
pre.curl { border-left: 4px solid var(--req); }
pre.exchange .req { color: var(--req); }
pre.exchange .resp { color: var(--resp); }
pre.exchange .err { color: var(--fail); font-weight: 700; }
</style>
</head>
<body>
<main>
<section id="verdict" class="banner {{.Class}}">
  <p class="what">DLI “Binding a Queue” differential run: {{.R.A.Name}} against {{.R.B.Name}}</p>
  <div class="verdict">{{.Word}}</div>
  <p class="headline">{{.Headline}}</p>
  {{- with .Actions}}
  <ul class="actions">{{range .}}<li>{{.}}</li>{{end}}</ul>
  {{- end}}
  <div class="agreement">
    {{- with .Bar}}
    <div class="bar" role="img" aria-label="{{$.Agreement}}">{{range .}}<span class="{{.Class}}" style="flex-grow: {{.N}}" title="{{.Title}}"></span>{{end}}</div>
    {{- end}}
    <p>{{.Agreement}}</p>
  </div>
  <dl class="facts">
    <div><dt>{{.R.A.Name}}</dt><dd class="mono">{{.R.A.Target}}</dd></div>
    <div><dt>{{.R.B.Name}}</dt><dd class="mono">{{.R.B.Target}}</dd></div>
    <div><dt>Seed</dt><dd class="mono">{{.R.Seed}}</dd></div>
    <div><dt>Baseline</dt><dd class="mono">{{if .R.Baseline}}{{.R.Baseline}}{{else}}none{{end}}</dd></div>
    {{- if .R.SuiteVersion}}
    <div><dt>Suite</dt><dd class="mono">{{.R.SuiteVersion}}</dd></div>
    {{- end}}
    <div class="wide"><dt>Compared in</dt><dd>
      {{- range .Dimensions}} <span class="badge b-dim{{if .Differ}} hot{{end}}" title="{{.Differ}} differing">{{.Name}}{{if .Differ}} · {{.Differ}}{{end}}</span>{{else}}<span class="muted">no dimension</span>{{end}}</dd></div>
  </dl>
  <nav>
    <a href="#sides">Sides</a>
    <a href="#differences">Differences ({{len .Unexpected}})</a>
    {{- if .Expected}}<a href="#expected-differences">Expected by the baseline ({{len .Expected}})</a>{{end}}
    {{- if .R.Stale}}<a href="#stale">Stale baseline ({{len .R.Stale}})</a>{{end}}
    <a href="#requirements">Requirements ({{len .Rows}})</a>
    <a href="#not-compared">Not compared ({{len .R.NotCompared}})</a>
  </nav>
</section>

<section id="sides">
  <h2>Sides</h2>
  <p class="muted">Each side is a run of the suite with seed <code>{{.R.Seed}}</code>; its exit code and counts are its own requirements' verdict, not the comparison's.</p>
  <table>
    <thead><tr><th>side</th><th>target</th><th>profile</th><th class="num">exit</th><th class="num">passed</th>
      <th class="num">failed</th><th class="num">skipped</th><th>reports</th></tr></thead>
    <tbody>
    {{- range .Sides}}
      <tr><td><strong>{{.Name}}</strong></td><td class="mono">{{.Target}}</td><td>{{.Profile}}</td>
        <td class="num {{if .Exit}}hot{{else}}zero{{end}}">{{.Exit}}</td><td class="num">{{.Passed}}</td>
        <td class="num {{if .Failed}}hot{{else}}zero{{end}}">{{.Failed}}</td><td class="num {{if .Skipped}}{{else}}zero{{end}}">{{.Skipped}}</td>
        <td class="mono">{{if .Reports}}{{.Reports}}{{else}}<span class="muted">none written</span>{{end}}</td></tr>
    {{- end}}
    </tbody>
  </table>
</section>

<section id="differences">
  <h2>Differences <span class="count">({{len .Unexpected}})</span></h2>
  {{- range .Unexpected}}
  {{template "difference" .}}
  {{- else}}
  <p class="empty">{{if .Expected}}No difference beyond those the baseline expects.{{else}}{{.R.A.Name}} and {{.R.B.Name}} agree on every compared case.{{end}}</p>
  {{- end}}
</section>

{{if .Expected}}
<section id="expected-differences">
  <h2>Expected by the baseline <span class="count">({{len .Expected}})</span></h2>
  <p class="muted">Listed in the baseline{{if .R.Baseline}} <code>{{.R.Baseline}}</code>{{end}} as known differences: they do not fail the run.</p>
  {{- range .Expected}}
  {{template "difference" .}}
  {{- end}}
</section>
{{end}}

{{if .R.Stale}}
<section id="stale">
  <h2>Stale baseline entries <span class="count">({{len .R.Stale}})</span></h2>
  <p>These entries of {{if .R.Baseline}}<code>{{.R.Baseline}}</code>{{else}}the baseline{{end}} matched no difference. They fail the run until they are removed.</p>
  <table>
    <thead><tr><th>entry</th><th>baseline reason</th></tr></thead>
    <tbody>
    {{- range .R.Stale}}
      <tr><td class="mono">{{.ID}}</td><td>{{.Reason}}</td></tr>
    {{- end}}
    </tbody>
  </table>
</section>
{{end}}

<section id="requirements">
  <h2>Requirements <span class="count">({{len .Rows}})</span></h2>
  {{- if .Rows}}
  <table>
    <thead><tr><th>id</th><th>requirement</th><th>{{.R.A.Name}}</th><th>{{.R.B.Name}}</th><th class="num">cases</th><th class="num">differing</th></tr></thead>
    <tbody>
    {{- range .Rows}}
      <tr{{if .Class}} class="{{.Class}}"{{end}}><td class="mono">{{if .Anchor}}<a href="#{{.Anchor}}">{{.ID}}</a>{{else}}{{.ID}}{{end}}</td><td>{{.Title}}</td>
        <td><span class="badge {{.AClass}}">{{.AResult}}</span></td><td><span class="badge {{.BClass}}">{{.BResult}}</span></td>
        <td class="num">{{.Cases}}</td><td class="num {{if eq .Class "differs"}}hot{{else if eq .Class "expected"}}warm{{else}}zero{{end}}">{{.Differ}}</td></tr>
    {{- end}}
    </tbody>
  </table>
  {{- else}}
  <p class="empty">No requirement had a case in either run.</p>
  {{- end}}
</section>

<section id="not-compared">
  <h2>Not compared <span class="count">({{len .R.NotCompared}})</span></h2>
  {{- if .R.NotCompared}}
  <table>
    <thead><tr><th>id</th><th>why it is not compared</th></tr></thead>
    <tbody>
    {{- range .R.NotCompared}}
      <tr><td class="mono">{{.ID}}</td><td>{{.Reason}}</td></tr>
    {{- end}}
    </tbody>
  </table>
  {{- else}}
  <p class="empty">Every requirement with cases was compared.</p>
  {{- end}}
</section>
</main>
</body>
</html>

{{define "difference" -}}
<article class="card{{if .Known}} expected{{end}}" id="{{.Anchor}}">
  <h3><span class="id">{{.Key}}</span> <span class="badge b-req">{{.Requirement}}</span>
    {{- if .Known}} <span class="badge b-expected">expected</span>{{else}} <span class="badge b-differs">differs</span>{{end}}
    {{- range .Fields}} <span class="badge b-dim">{{.Name}}</span>{{end}}</h3>
  {{- if .Known}}
  <p class="reason"><strong>Expected by the baseline:</strong> {{.Known}}</p>
  {{- end}}
  <p class="label">Request (normalised)</p>
  <pre class="request">{{.Request}}</pre>
  <table class="fields">
    <thead><tr><th>differs in</th><th>{{(index .Sides 0).Name}}</th><th>{{(index .Sides 1).Name}}</th></tr></thead>
    <tbody>
    {{- range .Values}}
      <tr><td>{{.Name}}</td><td>{{template "value" .A}}</td><td>{{template "value" .B}}</td></tr>
    {{- end}}
    </tbody>
  </table>
  <div class="pair">
    {{- range .Sides}}
    {{template "case" .}}
    {{- end}}
  </div>
</article>
{{- end}}

{{define "value"}}<code class="value">{{range $i, $l := .}}{{if $i}}{{"\n"}}{{end}}{{if $l.Only}}<mark>{{$l.Text}}</mark>{{else}}{{$l.Text}}{{end}}{{end}}</code>{{end}}

{{define "case" -}}
<div class="side">
  <h4>{{.Name}}’s case <span class="sub mono">{{.Target}}</span></h4>
  {{- if .Sent}}
  <dl>
    <dt>status</dt><dd class="mono{{if index .Differs "status"}} hot{{end}}">{{.Status}}</dd>
    {{- if .C.ContentType}}<dt>content type</dt><dd class="mono{{if index .Differs "content_type"}} hot{{end}}">{{.C.ContentType}}</dd>{{end}}
    {{- if .C.ErrorCode}}<dt>error code</dt><dd class="mono{{if index .Differs "error_code"}} hot{{end}}">{{.C.ErrorCode}}</dd>{{end}}
    {{- with .C.Success}}<dt>is_success</dt><dd class="mono{{if index $.Differs "is_success"}} hot{{end}}">{{.}}</dd>{{end}}
    {{- if .Effect}}<dt>effect</dt><dd{{if index .Differs "effect"}} class="hot"{{end}}>{{.Effect}}</dd>{{end}}
    {{- if .C.Operation}}<dt>operation</dt><dd class="mono">{{.C.Operation}}</dd>{{end}}
    <dt>contract</dt><dd>{{if .C.Conforms}}<span class="badge b-conforms">conforms</span>{{else}}<span class="badge b-violates">violates the contract</span>{{with .C.Violation}} {{.}}{{end}}{{end}}</dd>
  </dl>
  {{- if .Lines}}
  <details{{if .Open}} open{{end}}><summary>Exchange (credentials redacted)</summary>
  <pre class="exchange">{{range .Lines}}<span class="{{.Class}}">{{.Text}}</span>{{"\n"}}{{end}}</pre>
  </details>
  {{- end}}
  {{- if .C.Curl}}
  <p class="label">Reproduce (set DLI_AUTH_TOKEN first)</p>
  <pre class="curl">{{.C.Curl}}</pre>
  {{- end}}
  {{- else}}
  <p class="missing">not sent by {{.Name}}: the request is not among its cases.</p>
  {{- end}}
</div>
{{- end}}
`
