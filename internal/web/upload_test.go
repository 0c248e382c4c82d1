package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func multipartBody(t *testing.T, fields map[string]string, file string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, err := mw.CreateFormFile("file", "import.csv")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(file))
	}
	mw.Close()
	return mw.FormDataContentType(), &b
}

func TestReadUploadTakesTheFileElseThePastedText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		multipart bool
		fields    map[string]string
		file      string
		want      Upload
	}{
		{"pasted text, a check", false, map[string]string{"csv": "a,b\n1,2"}, "", Upload{CSV: "a,b\n1,2", DryRun: true}},
		{"pasted text, applied", false, map[string]string{"csv": "a,b", "apply": "1"}, "", Upload{CSV: "a,b"}},
		{"an uploaded file wins over pasted text", true, map[string]string{"csv": "pasted"}, "from,file", Upload{CSV: "from,file", DryRun: true}},
		{"an upload form without a file: the pasted text", true, map[string]string{"csv": "pasted", "apply": "1"}, "", Upload{CSV: "pasted"}},
		{"nothing sent", false, nil, "", Upload{DryRun: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *http.Request
			if tc.multipart {
				ct, body := multipartBody(t, tc.fields, tc.file)
				r = httptest.NewRequest("POST", "/import", body)
				r.Header.Set("Content-Type", ct)
			} else {
				v := url.Values{}
				for k, x := range tc.fields {
					v.Set(k, x)
				}
				r = httptest.NewRequest("POST", "/import", strings.NewReader(v.Encode()))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			got, err := ReadUpload(httptest.NewRecorder(), r, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReadUploadRefusesAFileOverTheLimit(t *testing.T) {
	ct, body := multipartBody(t, nil, strings.Repeat("x", 4096))
	r := httptest.NewRequest("POST", "/import", body)
	r.Header.Set("Content-Type", ct)
	if _, err := ReadUpload(httptest.NewRecorder(), r, 1024); err == nil {
		t.Error("a body over the limit was read")
	}
}
