// Package csvin reads the CSV files users import: written by spreadsheets, so comma or semicolon
// separated, often with a byte-order mark, with the columns in any order and named in a header.
// It finds the columns and the line of each record; what a row means, and which message a bad
// value gets, stays with the import that reads it.
package csvin

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"kern"
)

// Keys are the message keys, in the importing capability's catalog, for a file that cannot be
// read as an import at all.
type Keys struct {
	Empty       string // no header line: a field error on "file"
	Header      string // a required column is missing; its one argument is the column's name
	HeaderField string // the same, next to the "file" field
}

// Reader reads the records of an import one by one, by column name.
type Reader struct {
	r    *csv.Reader
	col  map[string]int
	rec  []string
	line int
	err  error
}

// Open reads the header of src and refuses a file without one, or one that lacks a column of
// required. The separator is the one the header line holds more of: a Dutch spreadsheet writes
// semicolons. Column names are matched without case, spaces or a byte-order mark.
func Open(src io.Reader, keys Keys, required ...string) (*Reader, error) {
	br := bufio.NewReader(src)
	first, _ := br.Peek(4096)
	r := csv.NewReader(br)
	if head, _, _ := strings.Cut(string(first), "\n"); strings.Count(head, ";") > strings.Count(head, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, kern.FieldError("file", keys.Empty)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range required {
		if _, ok := col[need]; !ok {
			return nil, MissingColumn(keys, need)
		}
	}
	return &Reader{r: r, col: col}, nil
}

// MissingColumn is the refusal of a file without the column name, for a rule Open's list of
// required columns cannot say (one of two columns).
func MissingColumn(keys Keys, name string) error {
	e := kern.Errorf(kern.Invalid, keys.Header, name)
	e.Fields = map[string]string{"file": keys.HeaderField}
	return e
}

// Has tells whether the header names the column.
func (r *Reader) Has(name string) bool {
	_, ok := r.col[name]
	return ok
}

// Next reads the next record. It is false at the end of the file and at a record that cannot be
// read: then Err is set and Line is where reading failed.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	rec, err := r.r.Read()
	if errors.Is(err, io.EOF) {
		r.rec = nil
		return false
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		r.rec, r.line, r.err = nil, pe.Line, err
		return false
	}
	if err != nil {
		r.rec, r.err = nil, err
		return false
	}
	r.rec = rec
	r.line, _ = r.r.FieldPos(0)
	return true
}

// Err is why reading stopped before the end of the file, or nil.
func (r *Reader) Err() error { return r.err }

// Line is the line the current record starts on, counted from 1 with the header; a record with
// a quoted field over several lines is at its first.
func (r *Reader) Line() int { return r.line }

// Blank tells whether the current record has nothing but spaces: a spreadsheet's empty row.
func (r *Reader) Blank() bool { return strings.TrimSpace(strings.Join(r.rec, "")) == "" }

// Get is the current record's value in the column name, trimmed; "" when the header lacks the
// column or the record is short.
func (r *Reader) Get(name string) string {
	if i, ok := r.col[name]; ok && i < len(r.rec) {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}
