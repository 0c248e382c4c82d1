package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// Body is an operation's answer that is one value.
type Body[T any] struct{ Body T }

// Items is an operation's answer that is a list: {"items": [...]}, never null.
type Items[T any] struct {
	Body struct {
		Items []T `json:"items"`
	}
}

// List wraps xs as an Items answer.
func List[T any](xs []T) *Items[T] {
	out := &Items[T]{}
	out.Body.Items = xs
	if out.Body.Items == nil {
		out.Body.Items = []T{}
	}
	return out
}

// Created is op answering 201 Created.
func Created(op huma.Operation) huma.Operation {
	op.DefaultStatus = http.StatusCreated
	return op
}
