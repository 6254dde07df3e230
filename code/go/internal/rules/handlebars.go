package rules

import (
	"crypto/sha256"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mailgun/raymond/v2"
	"github.com/mailgun/raymond/v2/lexer"
)

// Agent templates often embed long scripts (tens or hundreds of kilobytes of JavaScript) in
// the text between their mustaches. The Handlebars lexer spends a regular expression match on
// every character of such text, which made template checks the most expensive part of a
// validation. Whether a template parses does not depend on the characters of its plain text,
// only on where that text starts and ends, so parseTemplate first parses a copy in which each
// long stretch of plain text is shortened to a single character. The shortening is kept only
// when the library's own lexer confirms that every shortened stretch is plain text (content or
// comment) in the copy: the lexer state before a stretch is the same in both texts, and a
// stretch holds nothing that could change it. Any doubt, or any error, falls back to parsing
// the template as written, so errors and their messages are always those of the original.

// shortenAbove is the length from which a stretch of text is shortened.
const shortenAbove = 8

// Templates repeat: data streams of one package often share a template, and packages share
// them with each other. Results are kept per content, up to a bound.
const maxCachedTemplates = 10_000

var (
	templateResults sync.Map // sha256 of the template -> error or nil
	templateCount   atomic.Int64
)

// parseTemplate reports whether src is a valid Handlebars template.
func parseTemplate(src string) error {
	key := sha256.Sum256([]byte(src))
	if res, ok := templateResults.Load(key); ok {
		err, _ := res.(error)
		return err
	}
	err := parseTemplateText(src)
	if templateCount.Add(1) <= maxCachedTemplates {
		templateResults.Store(key, err)
	}
	return err
}

// parseTemplateText parses src, shortened when that is safe.
func parseTemplateText(src string) error {
	if short, ok := shortenTemplate(src); ok {
		if _, err := raymond.Parse(short); err == nil {
			return nil
		}
	}
	_, err := raymond.Parse(src)
	return err
}

// shortenTemplate returns src with each long stretch of plain text replaced by "x", and
// whether the result may stand for src. It returns false when nothing was shortened. Only
// stretches that look like plain text are shortened, those that follow a closing "}}" (or the
// start) and precede an opening "{{" (or the end); the text between "{{" and "}}" is a
// mustache's own and is kept.
func shortenTemplate(src string) (string, bool) {
	var b strings.Builder
	var marks []int // offsets of the placeholders in the shortened text
	start := 0      // start of the current stretch of text between delimiters
	var after byte  // the delimiter before the stretch: '{', '}', or 0 at the start
	flush := func(end int, before byte) {
		seg := src[start:end]
		// The characters at the ends of a stretch may combine with their neighbours into a
		// delimiter ({{, }}, \{{, --}}, {{!--), so they are kept as they are.
		lead := len(seg) - len(strings.TrimLeft(seg, edgeChars))
		trail := len(seg) - len(strings.TrimRight(seg, edgeChars))
		if after == '{' || before == '}' || len(seg)-lead-trail < shortenAbove {
			b.WriteString(seg)
			return
		}
		b.WriteString(seg[:lead])
		marks = append(marks, b.Len())
		b.WriteByte('x')
		b.WriteString(seg[len(seg)-trail:])
	}
	for i := 0; i+1 < len(src); i++ {
		if (src[i] == '{' || src[i] == '}') && src[i+1] == src[i] {
			flush(i, src[i])
			b.WriteString(src[i : i+2])
			after = src[i]
			i++
			start = i + 1
		}
	}
	flush(len(src), 0)
	if len(marks) == 0 {
		return "", false
	}
	short := b.String()
	tokens := lexer.Collect(short)
	i := 0
	for _, m := range marks {
		for i < len(tokens) && tokens[i].Pos+len(tokens[i].Val) <= m {
			i++
		}
		if i == len(tokens) {
			return "", false
		}
		t := tokens[i]
		if t.Pos > m || (t.Kind != lexer.TokenContent && t.Kind != lexer.TokenComment) {
			return "", false
		}
	}
	return short, true
}

// edgeChars are the characters that may take part in a delimiter together with the text next
// to them.
const edgeChars = "{}\\-~!"
