package app_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// Every import page reads an uploaded file before the pasted text, semicolons and a byte-order
// mark included, and refuses a file without a required column by naming it; nothing is written.
func TestImportPagesReadAnUploadedFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		for _, tc := range []struct {
			name, user, path, file, missing, table string
		}{
			{"outages", "planning@nrg.example", "/supply/outages/import", "\ufefffacility_id;starts_at;ends_at\n1;2026-05-04;2026-05-05\n", "reduction_pct", "outages"},
			{"operating cycles", "planning@nrg.example", "/supply/schedules/import", "\ufefffacility_id;starts_on;on_days\n1;2026-05-04;5\n", "off_days", "facility_schedules"},
			{"orders", "afdeling@radboudumc.example", "/orders/import", "\ufeffproduct_id;activity\n1;10 GBq\n", "calibration_at", "orders"},
			{"standing demand", "afdeling@radboudumc.example", "/demand/standing/import", "\ufeffproduct_id;weekday;at_time;activity\n1;mon;08:00;1 GBq\n", "starts_on", "standing_demands"},
			{"KPI measurements", "beheer@kern.example", "/kpis/import", "\ufeffkpi_id;value\n1;3\n", "date", "kpi_measurements"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, d, `SELECT count(*) FROM `+tc.table)
				var body bytes.Buffer
				mw := multipart.NewWriter(&body)
				mw.WriteField("csv", "") // the pasted text is empty: the file must be read
				mw.WriteField("apply", "1")
				fw, _ := mw.CreateFormFile("file", "import.csv")
				fw.Write([]byte(tc.file))
				mw.Close()
				c := p.LogIn(t, tc.user)
				req, _ := http.NewRequest(http.MethodPost, p.URL+tc.path, &body)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				res, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				// The column's name in the message, not in the page's example header.
				named := strings.Contains(string(page), "column "+tc.missing) || strings.Contains(string(page), "kolom "+tc.missing)
				if res.StatusCode != http.StatusUnprocessableEntity || !named {
					t.Errorf("upload without %s: %d, the page does not name the column", tc.missing, res.StatusCode)
				}
				if n := countRows(t, d, `SELECT count(*) FROM `+tc.table); n != before {
					t.Errorf("a refused upload wrote %d rows", n-before)
				}
			})
		}
	})
}

// A refused import's page lists its bad rows by line and column, under the apply form's place.
func TestImportPagesListBadRowsByLine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := apptest.Start(t, d)
		for _, tc := range []struct {
			name, user, path, csv, want string
		}{
			{"outages", "planning@nrg.example", "/supply/outages/import",
				"facility_id,starts_at,ends_at,reduction_pct\n\"0\",2026-05-04,2026-05-05,50\n", `<td class="num">2</td><td>facility_id</td>`},
			{"standing demand", "afdeling@radboudumc.example", "/demand/standing/import",
				"product_id;weekday;at_time;activity;starts_on;note\n1;mon;08:00;1 GBq;2026-05-04;\"two\nlines\"\nx;mon;08:00;1 GBq;2026-05-04;\n",
				`<td class="num">4</td><td>product_id</td>`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := p.LogIn(t, tc.user)
				res, err := c.PostForm(p.URL+tc.path, map[string][]string{"csv": {tc.csv}})
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), tc.want) {
					t.Errorf("%d, the page lacks %s", res.StatusCode, tc.want)
				}
			})
		}
	})
}
