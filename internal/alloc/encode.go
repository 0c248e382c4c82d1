package alloc

import (
	"io"
	"math"
	"runtime"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the plan as JSON. It writes the same document as encoding/json would (field
// order and names of the struct tags), several times faster and without reflection, which matters
// for a European plan of a million demands.
func (p *Plan) AppendJSON(b []byte) []byte {
	b, _ = p.appendJSON(b, nil)
	return b
}

// EncodeJSON writes the plan as JSON to w in pieces of about a megabyte, so that a European plan
// of half a gigabyte is never held in memory whole. The document is that of AppendJSON.
func (p *Plan) EncodeJSON(w io.Writer) error {
	b, err := p.appendJSON(make([]byte, 0, 1<<21), func(b []byte) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func (p *Plan) appendJSON(b []byte, flush func([]byte) error) ([]byte, error) {
	b = append(b, `{"demands":[`...)
	// The demands, nearly all of the document, are written in chunks, as many at a time as there
	// are cores, each into its own buffer; the buffers then go out in order.
	const chunk = 4096
	bufs := make([][]byte, runtime.GOMAXPROCS(0))
	for lo := 0; lo < len(p.Demands); lo += chunk * len(bufs) {
		var ks []int
		for k := range bufs {
			if lo+k*chunk < len(p.Demands) {
				ks = append(ks, k)
			}
		}
		parallel(ks, func(k int) {
			buf := bufs[k][:0]
			for i := lo + k*chunk; i < min(lo+(k+1)*chunk, len(p.Demands)); i++ {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = appendDemand(buf, &p.Demands[i])
			}
			bufs[k] = buf
		})
		for _, k := range ks {
			if flush == nil {
				b = append(b, bufs[k]...)
				continue
			}
			if len(b) > 0 {
				if err := flush(b); err != nil {
					return nil, err
				}
				b = b[:0]
			}
			if err := flush(bufs[k]); err != nil {
				return nil, err
			}
		}
	}
	b = append(b, `],"classes":[`...)
	for i, c := range p.Classes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"priority":`...)
		b = strconv.AppendInt(b, int64(c.Priority), 10)
		b = append(b, `,"demands":`...)
		b = strconv.AppendInt(b, int64(c.Demands), 10)
		b = appendNum(append(b, `,"min_fill_ratio":`...), c.MinFillRatio)
		b = appendNum(append(b, `,"requested_bq":`...), c.RequestedBq)
		b = appendNum(append(b, `,"filled_bq":`...), c.FilledBq)
		b = appendNum(append(b, `,"unmet_bq":`...), c.UnmetBq)
		b = append(b, `,"deferred":`...)
		b = strconv.AppendInt(b, int64(c.Deferred), 10)
		b = append(b, `,"unreachable":`...)
		b = strconv.AppendInt(b, int64(c.Unreachable), 10)
		b = append(b, '}')
	}
	b = append(b, `],"hospitals":[`...)
	for i, h := range p.Hospitals {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(append(b, `{"hospital":`...), h.Hospital)
		b = append(b, `,"priority":`...)
		b = strconv.AppendInt(b, int64(h.Priority), 10)
		b = append(b, `,"demands":`...)
		b = strconv.AppendInt(b, int64(h.Demands), 10)
		b = appendNum(append(b, `,"min_fill_ratio":`...), h.MinFillRatio)
		b = appendNum(append(b, `,"requested_bq":`...), h.RequestedBq)
		b = appendNum(append(b, `,"filled_bq":`...), h.FilledBq)
		b = append(b, '}')
	}
	b = append(b, `],"lots":[`...)
	for i, l := range p.Lots {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(append(b, `{"id":`...), l.ID)
		b = appendStr(append(b, `,"nuclide":`...), l.Nuclide)
		b = appendNum(append(b, `,"activity_bq":`...), l.ActivityBq)
		b = appendNum(append(b, `,"used_bq":`...), l.UsedBq)
		b = appendNum(append(b, `,"left_bq":`...), l.LeftBq)
		b = append(b, '}')
	}
	b = append(b, `],"bottlenecks":[`...)
	for i, bn := range p.Bottlenecks {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"priority":`...)
		b = strconv.AppendInt(b, int64(bn.Priority), 10)
		b = appendStr(append(b, `,"nuclide":`...), bn.Nuclide)
		b = appendNum(append(b, `,"fill_ratio":`...), bn.FillRatio)
		b = appendStrs(append(b, `,"lots":`...), bn.Lots)
		b = appendStrs(append(b, `,"hospitals":`...), bn.Hospitals)
		b = append(b, `,"demands":`...)
		b = strconv.AppendInt(b, int64(bn.Demands), 10)
		b = appendStr(append(b, `,"explanation":`...), bn.Explanation)
		b = append(b, '}')
	}
	b = append(b, `],"warnings":[`...)
	for i, w := range p.Warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(append(b, `{"demand":`...), w.Demand)
		b = appendStr(append(b, `,"message":`...), w.Message)
		b = append(b, '}')
	}
	return append(b, "]}\n"...), nil
}

func appendDemand(b []byte, d *DemandPlan) []byte {
	b = appendStr(append(b, `{"id":`...), d.ID)
	b = appendStr(append(b, `,"hospital":`...), d.Hospital)
	b = appendStr(append(b, `,"nuclide":`...), d.Nuclide)
	b = append(b, `,"priority":`...)
	b = strconv.AppendInt(b, int64(d.Priority), 10)
	b = appendStr(append(b, `,"calibration_at":`...), d.CalibrationAt)
	b = strconv.AppendBool(append(b, `,"moved":`...), d.Moved)
	b = appendNum(append(b, `,"requested_bq":`...), d.RequestedBq)
	b = appendNum(append(b, `,"filled_bq":`...), d.FilledBq)
	b = appendNum(append(b, `,"fill_ratio":`...), d.FillRatio)
	b = appendNum(append(b, `,"unmet_bq":`...), d.UnmetBq)
	b = strconv.AppendBool(append(b, `,"deferred":`...), d.Deferred)
	if d.Reason != "" {
		b = appendStr(append(b, `,"reason":`...), d.Reason)
	}
	b = append(b, `,"sources":[`...)
	for i, s := range d.Sources {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(append(b, `{"lot":`...), s.Lot)
		b = appendStr(append(b, `,"departs_at":`...), s.DepartsAt)
		b = appendStr(append(b, `,"arrives_at":`...), s.ArrivesAt)
		b = appendNum(append(b, `,"dispatched_bq":`...), s.DispatchedBq)
		b = appendNum(append(b, `,"arrived_bq":`...), s.ArrivedBq)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendNum writes a float like encoding/json: shortest round-trip digits, exponent form only
// outside [1e-6, 1e21).
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0') // never produced; keeps the document valid if it ever were
	}
	abs := math.Abs(v)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		b = strconv.AppendFloat(b, v, 'e', -1, 64)
		// encoding/json writes e-07 as e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
		return b
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func appendStrs(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, x)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendStr writes a JSON string; invalid UTF-8 becomes U+FFFD as with encoding/json.
func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
