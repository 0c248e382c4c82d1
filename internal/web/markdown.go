package web

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders CommonMark with tables and strikethrough. Raw HTML in the source is left
// out (goldmark's default: no WithUnsafe) and links or images with a dangerous scheme
// (javascript:, vbscript:, file:, data: except images) lose their target, so what people write
// in minutes and reports cannot run script in a reader's browser.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// Markdown renders text written by people (minutes, reports) as safe HTML.
func Markdown(text string) template.HTML {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(text), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(b.String())
}
