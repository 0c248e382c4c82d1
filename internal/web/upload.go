package web

import (
	"io"
	"net/http"
)

// Upload is what an import page was sent: the CSV of the uploaded file, else the pasted text,
// and whether only a check was asked for (a dry run: the "apply" button was not pressed).
type Upload struct {
	CSV    string
	DryRun bool
}

// ReadUpload reads an import page's form (field "file", else "csv", and "apply") from a body of
// at most max bytes. An error means the request could not be read: too large or a broken
// multipart body; the page says so next to the file field.
func ReadUpload(w http.ResponseWriter, r *http.Request, max int64) (Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, max)
	if err := r.ParseMultipartForm(max); err != nil && err != http.ErrNotMultipart {
		return Upload{}, err
	}
	var up Upload
	if f, _, err := r.FormFile("file"); err == nil {
		b, _ := io.ReadAll(f)
		f.Close()
		up.CSV = string(b)
	}
	if up.CSV == "" {
		up.CSV = r.FormValue("csv")
	}
	up.DryRun = r.FormValue("apply") == ""
	return up, nil
}
