package alloc

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// errSlowPath sends a document to encoding/json: anything the fast reader does not handle.
var errSlowPath = errors.New("use encoding/json")

// decodeFast reads the common shape of a problem — exactly its field names, plain strings and
// numbers — about five times faster than encoding/json, which matters for a European problem of
// 200 MB. Anything else (escapes it cannot copy, null, case-folded names, errors) returns
// errSlowPath and DecodeProblem falls back to encoding/json, whose answer and messages are
// authoritative. FuzzDecodeProblem checks that both agree whenever the fast reader answers.
func decodeFast(data []byte) (Problem, error) {
	r := reader{b: data}
	var p Problem
	err := r.object(func(key string) error {
		switch key {
		case "lots":
			p.Lots = p.Lots[:0] // a repeated key replaces, as with encoding/json
			return r.array(func() error {
				var l Lot
				err := r.object(func(k string) error {
					switch k {
					case "id":
						return r.str(&l.ID)
					case "nuclide":
						return r.str(&l.Nuclide)
					case "activity_bq":
						return r.num(&l.ActivityBq)
					case "available_at":
						return r.str(&l.AvailableAt)
					case "site":
						return r.str(&l.Site)
					}
					return errSlowPath
				})
				p.Lots = append(p.Lots, l)
				return err
			})
		case "demands":
			p.Demands = p.Demands[:0] // a repeated key replaces, as with encoding/json
			return r.array(func() error {
				var d Demand
				err := r.object(func(k string) error {
					switch k {
					case "id":
						return r.str(&d.ID)
					case "hospital":
						return r.str(&d.Hospital)
					case "nuclide":
						return r.str(&d.Nuclide)
					case "activity_bq":
						return r.num(&d.ActivityBq)
					case "calibration_at":
						return r.str(&d.CalibrationAt)
					case "priority":
						return r.int(&d.Priority)
					case "divisible":
						return r.boolean(&d.Divisible)
					case "window_end":
						return r.str(&d.WindowEnd)
					}
					return errSlowPath
				})
				p.Demands = append(p.Demands, d)
				return err
			})
		case "routes":
			p.Routes = p.Routes[:0] // a repeated key replaces, as with encoding/json
			return r.array(func() error {
				var rt Route
				err := r.object(func(k string) error {
					switch k {
					case "from":
						return r.str(&rt.From)
					case "to":
						return r.str(&rt.To)
					case "transit_hours":
						return r.num(&rt.TransitHours)
					}
					return errSlowPath
				})
				p.Routes = append(p.Routes, rt)
				return err
			})
		case "shelf_lives":
			p.ShelfLives = p.ShelfLives[:0] // a repeated key replaces, as with encoding/json
			return r.array(func() error {
				var s ShelfLife
				err := r.object(func(k string) error {
					switch k {
					case "nuclide":
						return r.str(&s.Nuclide)
					case "hours":
						return r.num(&s.Hours)
					}
					return errSlowPath
				})
				p.ShelfLives = append(p.ShelfLives, s)
				return err
			})
		}
		return errSlowPath
	})
	if err != nil {
		return Problem{}, err
	}
	r.space()
	if r.i != len(r.b) {
		return Problem{}, errSlowPath
	}
	return p, nil
}

type reader struct {
	b []byte
	i int
	// interned strings: hospital, site and nuclide names repeat a million times.
	names map[string]string
}

func (r *reader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *reader) expect(c byte) error {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return nil
	}
	return errSlowPath
}

// object reads {"key": value, …}, calling field for each key with the reader at the value.
func (r *reader) object(field func(key string) error) error {
	if err := r.expect('{'); err != nil {
		return err
	}
	r.space()
	if r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return nil
	}
	for {
		var key string
		if err := r.str(&key); err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		r.space()
		if r.i >= len(r.b) {
			return errSlowPath
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return errSlowPath
		}
	}
}

func (r *reader) array(item func() error) error {
	if err := r.expect('['); err != nil {
		return err
	}
	r.space()
	if r.i < len(r.b) && r.b[r.i] == ']' {
		r.i++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		r.space()
		if r.i >= len(r.b) {
			return errSlowPath
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case ']':
			r.i++
			return nil
		default:
			return errSlowPath
		}
	}
}

func (r *reader) str(dst *string) error {
	if err := r.expect('"'); err != nil {
		return err
	}
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			if r.names == nil {
				r.names = map[string]string{}
			}
			if len(s) <= 32 {
				if v, ok := r.names[string(s)]; ok {
					*dst = v
					return nil
				}
				v := string(s)
				if len(r.names) < 1<<16 {
					r.names[v] = v
				}
				*dst = v
				return nil
			}
			*dst = string(s)
			return nil
		case c == '\\' || c < 0x20:
			return errSlowPath
		case c >= utf8.RuneSelf:
			rn, size := utf8.DecodeRune(r.b[r.i:])
			if rn == utf8.RuneError && size == 1 {
				return errSlowPath
			}
			r.i += size
		default:
			r.i++
		}
	}
	return errSlowPath
}

// literal returns the bytes of a number or keyword.
func (r *reader) literal() []byte {
	r.space()
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			break
		}
		r.i++
	}
	return r.b[start:r.i]
}

func (r *reader) num(dst *float64) error {
	lit := r.literal()
	if !validNumber(lit) {
		return errSlowPath
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return errSlowPath
	}
	*dst = v
	return nil
}

func (r *reader) int(dst *int) error {
	lit := r.literal()
	for k, c := range lit {
		if !(c >= '0' && c <= '9' || c == '-' && k == 0) {
			return errSlowPath
		}
	}
	if !validNumber(lit) {
		return errSlowPath
	}
	v, err := strconv.Atoi(string(lit))
	if err != nil {
		return errSlowPath
	}
	*dst = v
	return nil
}

func (r *reader) boolean(dst *bool) error {
	switch string(r.literal()) {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		return errSlowPath
	}
	return nil
}

// validNumber is JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}
