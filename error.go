// Package kern holds what every part of Kern shares: the application error type.
//
// An Error carries a Code, which picks the HTTP status and the kind of page or problem+json a user
// sees, and a message Key, which picks the sentence in the user's language. Anything that is not an
// *Error reaches a user only as "something went wrong"; the details go to the log.
package kern

import (
	"errors"
	"fmt"
	"sort"
)

// Code classifies an application error.
type Code string

const (
	Invalid      Code = "invalid"      // the input breaks a rule; Fields says which
	Unauthorized Code = "unauthorized" // no or bad credentials
	Forbidden    Code = "forbidden"    // known user, not allowed
	NotFound     Code = "not_found"    // absent, or not visible to this user
	Conflict     Code = "conflict"     // the change clashes with the current state
	TooMany      Code = "too_many"     // slow down: too many attempts
	Internal     Code = "internal"     // a bug or an outage; never shown in detail
)

// Error is an error a user may see, as a message key and optional per-field message keys.
type Error struct {
	Code   Code
	Key    string            // message key of the whole error, e.g. "org.parent_cycle"
	Args   []any             // arguments for the message, in order
	Fields map[string]string // field name → message key, for Invalid
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Key)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Key, e.Fields)
}

// Errorf returns an application error with a code and a message key.
func Errorf(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// FieldError returns an Invalid error about one field.
func FieldError(field, key string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid", Fields: map[string]string{field: key}}
}

// ErrorCode returns the code of an application error in err's chain, or Internal.
func ErrorCode(err error) Code {
	if e := AsError(err); e != nil {
		return e.Code
	}
	return Internal
}

// AsError returns the application error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Validation collects field errors; Err returns nil when there are none.
type Validation struct{ fields map[string]string }

// Check records key for field when ok is false, unless the field already has an error.
func (v *Validation) Check(ok bool, field, key string) bool {
	if !ok {
		v.Add(field, key)
	}
	return ok
}

// Add records key for field unless the field already has an error.
func (v *Validation) Add(field, key string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; !seen {
		v.fields[field] = key
	}
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool { _, ok := v.fields[field]; return ok }

// Err returns the collected errors as one Invalid error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Fields: v.fields}
}

// FieldNames returns the fields of e in a stable order.
func (e *Error) FieldNames() []string {
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return names
}
