package vacancies

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"kern/internal/web"
	"kern/internal/web/i18n"
)

// The Atom feed of open vacancies (RFC 4287). encoding/xml escapes every text, so a title with
// "<" or "&" stays well-formed; the description is the same safe HTML the page shows, escaped
// once more as the content of type "html".
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published,omitempty"`
	Link      atomLink `xml:"link"`
	Summary   atomText `xml:"summary"`
	Content   atomText `xml:"content"`
}

// Feed renders the open vacancies as an Atom document; base is the platform's absolute URL.
func Feed(cat *i18n.Catalog, lang i18n.Lang, base string, list []Vacancy, now time.Time) ([]byte, error) {
	f := atomFeed{Lang: string(lang), ID: base + "/vacancies", Title: cat.T(lang, "vacancies.feed_title"),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/vacancies.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/vacancies"}},
		Author: atomPerson{Name: cat.T(lang, "vacancies.feed_author")}}
	var latest time.Time
	for _, v := range list {
		updated := v.UpdatedAt
		if updated.After(latest) {
			latest = updated
		}
		published := ""
		if v.PublishedAt != nil {
			published = v.PublishedAt.UTC().Format(time.RFC3339)
		}
		summary := cat.T(lang, "vacancies.feed_summary", v.BodyName, cat.T(lang, "gov.role."+v.Role), v.ClosesOn.Format(time.DateOnly))
		f.Entries = append(f.Entries, atomEntry{ID: base + vacancyPath(v.ID), Title: v.Title, Updated: updated.UTC().Format(time.RFC3339),
			Published: published, Link: atomLink{Rel: "alternate", Type: "text/html", Href: base + vacancyPath(v.ID)},
			Summary: atomText{Type: "text", Text: summary},
			Content: atomText{Type: "html", Text: string(web.Markdown(v.Description))}})
	}
	if latest.IsZero() {
		latest = now
	}
	f.Updated = latest.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// feed serves /vacancies.atom: the open vacancies, for feed readers and other sites.
func (h *Web) feed(w http.ResponseWriter, r *http.Request) {
	list, err := h.Vacancies.Open(r.Context(), VacancyFilter{})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	base := strings.TrimRight(h.Vacancies.BaseURL, "/")
	if base == "" {
		base = "http://" + r.Host
	}
	b, err := Feed(h.Kit.Catalog, web.Lang(r), base, list, h.Vacancies.now())
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(b)
}
