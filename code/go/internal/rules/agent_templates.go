package rules

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mailgun/raymond/v2"
	"github.com/mailgun/raymond/v2/lexer"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Fleet renders the agent templates (`*.hbs`) of inputs and data streams with Handlebars: a
// template that does not parse would only fail when a policy is created, so it is refused here.
// The error is placed in the template where the parser stopped; for a linked template, at the
// `.link` file, whose message names the template linked to and the line.
func init() {
	Register(Rule{Name: "agent_templates", Types: []string{"integration", "input"}, Check: checkAgentTemplates})
}

func checkAgentTemplates(p *packages.Package) specerrors.ValidationErrors {
	dirs := []string{"agent/input"}
	for _, ds := range p.DataStreams() {
		dirs = append(dirs, path.Join("data_stream", ds, "agent", "stream"))
	}
	var errs specerrors.ValidationErrors
	for _, dir := range dirs {
		for _, f := range p.Files(dir, "*.hbs") {
			data, err := p.ReadFile(f)
			if err != nil {
				// An unreadable link is reported by the folder checks.
				continue
			}
			if err := parseTemplate(string(data)); err != nil {
				shown := f
				line, column := templateErrorPosition(string(data), err)
				if strings.HasSuffix(f, pkgfs.LinkExtension) {
					// The link was read, and cached, by ReadFile above.
					if l, lerr := p.Link(f); lerr == nil {
						shown = f + " (linked to " + l.Target + ")"
					}
					line, column = 1, 1
				}
				errs = append(errs, specerrors.New(f, "invalid handlebars template: error validating %s: %s", shown, templateProblem(err)).
					At(line, column))
			}
		}
	}
	return errs
}

// The Handlebars parser reports errors as "Parse error on line N:" followed, on further lines,
// by what it expected and which token it met, named after its lexer's token kinds.
var (
	templateErrLine  = regexp.MustCompile(`^Parse error on line (\d+):\n`)
	templateExpected = regexp.MustCompile(`^Expecting (\w+), got: '(.*)'$`)
	templateToken    = regexp.MustCompile(`^(\w+)(?:\{(".*")(\.\.\.)?\})?$`)
	templateMismatch = regexp.MustCompile(`^(.*) doesn't match (.*)$`)
)

// templateTokens says in plain words what each token kind of the Handlebars lexer stands for,
// for a token the parser expected.
var templateTokens = map[string]string{
	"EOF":              "the end of the template",
	"Content":          "plain text",
	"Comment":          "a comment",
	"Open":             `"{{"`,
	"Close":            `"}}"`,
	"OpenUnescaped":    `"{{{"`,
	"CloseUnescaped":   `"}}}"`,
	"OpenBlock":        `"{{#"`,
	"OpenEndBlock":     `"{{/" closing the block`,
	"OpenRawBlock":     `"{{{{"`,
	"CloseRawBlock":    `"}}}}"`,
	"OpenEndRawBlock":  `"{{{{/" closing the raw block`,
	"OpenBlockParams":  `"as |"`,
	"CloseBlockParams": `"|" closing the block parameters`,
	"Inverse":          `"{{else}}"`,
	"OpenInverse":      `"{{^"`,
	"OpenInverseChain": `"{{else"`,
	"OpenPartial":      `"{{>"`,
	"OpenSexpr":        `"("`,
	"CloseSexpr":       `")"`,
	"ID":               "a name",
	"Equals":           `"="`,
	"String":           "a string",
	"Number":           "a number",
	"Boolean":          "a boolean",
	"Data":             `"@"`,
	"Sep":              "a path separator",
}

// templateValueKinds names the tokens whose text is better shown after a word.
var templateValueKinds = map[string]string{
	"ID": "the name", "String": "the string", "Number": "the number", "Boolean": "the boolean",
	"Content": "the text", "Comment": "the comment",
}

// templateTokenWords describes a token as the parser prints it ("Kind" or `Kind{"value"}`).
func templateTokenWords(tok string) string {
	m := templateToken.FindStringSubmatch(tok)
	if m == nil {
		return tok
	}
	v, err := strconv.Unquote(m[2])
	if err != nil || v == "" {
		if words, ok := templateTokens[m[1]]; ok {
			return words
		}
		return m[1]
	}
	if m[3] != "" {
		v += "…"
	}
	if m[1] == "Error" {
		// The lexer's own description: "Unclosed expression", "Unterminated string", ...
		return strings.ToLower(v[:1]) + v[1:]
	}
	if word, ok := templateValueKinds[m[1]]; ok {
		return fmt.Sprintf("%s %q", word, v)
	}
	return fmt.Sprintf("%q", v)
}

// templateProblem rewords an error of the Handlebars parser on one line, in plain words:
// "line 43: expected {{/ closing the block, found the end of the template".
func templateProblem(err error) string {
	msg := err.Error()
	where := ""
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		where = "line " + m[1] + ": "
		msg = msg[len(m[0]):]
	}
	// The parser's first line says what is wrong; the next ones dump the token or node.
	first, rest, _ := strings.Cut(msg, "\n")
	detail := strings.TrimSpace(rest)
	switch {
	case templateExpected.MatchString(first):
		m := templateExpected.FindStringSubmatch(first)
		return where + "expected " + templateTokenWords(m[1]) + ", found " + templateTokenWords(m[2])
	case first == "Lexer error":
		if tok, ok := strings.CutPrefix(detail, "Token: "); ok {
			return where + templateTokenWords(tok)
		}
	case first == "Syntax error":
		if tok, ok := strings.CutPrefix(detail, "Token: "); ok {
			return where + "unexpected " + templateTokenWords(tok)
		}
	case templateMismatch.MatchString(first):
		m := templateMismatch.FindStringSubmatch(first)
		return where + fmt.Sprintf("the block opened as %q is closed as %q", m[1], m[2])
	case first == "Erroneous closing expression":
		return where + "invalid closing tag of a block"
	}
	return where + strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
}

// maxPositionTries bounds the cut templates parsed to tell apart look-alike tokens of one line.
const maxPositionTries = 8

// templateErrorPosition finds where in src the parser stopped with err: the line it reports, and
// on that line the column of the token it names (or, for a block closed under another name, of
// that name). When the line holds several such tokens, the one taken is the first after which
// the text cut there fails just as the whole template does (the first, when there are many). The
// column is 1 when no token fits.
func templateErrorPosition(src string, err error) (int, int) {
	msg := err.Error()
	m := templateErrLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0
	}
	line, _ := strconv.Atoi(m[1])
	first, rest, _ := strings.Cut(msg[len(m[0]):], "\n")
	var match func(t lexer.Token) bool
	node := false // the error names a node: the text must run to the end of the tag to fail alike
	if e := templateExpected.FindStringSubmatch(first); e != nil {
		match = func(t lexer.Token) bool { return t.String() == e[2] }
	} else if tok, ok := strings.CutPrefix(strings.TrimSpace(rest), "Token: "); ok {
		match = func(t lexer.Token) bool { return t.String() == tok }
	} else if mm := templateMismatch.FindStringSubmatch(first); mm != nil {
		match, node = func(t lexer.Token) bool { return t.Kind == lexer.TokenID && t.Val == mm[2] }, true
	} else {
		match, node = func(t lexer.Token) bool { return t.Kind == lexer.TokenID }, true
	}
	tokens := lexer.Collect(src)
	var found []int
	for i, t := range tokens {
		if t.Line == line && match(t) {
			found = append(found, i)
		}
	}
	if len(found) == 0 {
		return line, 1
	}
	at := tokens[found[0]]
	// Each try parses the template again: only a few are made, so that a long line of look-alike
	// tokens costs a bounded amount of work.
	if len(found) > 1 && len(found) <= maxPositionTries {
		for _, i := range found {
			end := i
			if node && i+1 < len(tokens) {
				end = i + 1
			}
			cut := tokens[end].Pos + len(tokens[end].Val)
			if _, cerr := raymond.Parse(src[:min(cut, len(src))]); cerr != nil && cerr.Error() == msg {
				at = tokens[i]
				break
			}
		}
	}
	start := strings.LastIndexByte(src[:at.Pos], '\n') + 1
	return line, utf8.RuneCountInString(src[start:at.Pos]) + 1
}
