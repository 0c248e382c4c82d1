package api

import (
	"embed"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"kern/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// DocOp is one operation as the API page shows it.
type DocOp struct {
	Method, Path, ID, Summary, Description string
	Params                                 []DocParam
	Body                                   string // example of the request body fields
}

// DocParam is one parameter of an operation.
type DocParam struct{ Name, In, Type, Doc string }

// DocTag is a group of operations.
type DocTag struct {
	Name string
	Ops  []DocOp
}

// Docs serves the readable API page at /api/v1/docs, built from the OpenAPI document.
func (k *Kit) Docs(kit *web.Kit) (http.HandlerFunc, error) {
	if err := kit.Parse("api", templates, "templates"); err != nil {
		return nil, err
	}
	return func(w http.ResponseWriter, r *http.Request) {
		kit.Render(w, r, http.StatusOK, "api/docs", map[string]any{"Tags": k.tags(), "Info": k.API.OpenAPI().Info})
	}, nil
}

func (k *Kit) tags() []DocTag {
	byTag := map[string][]DocOp{}
	doc := k.API.OpenAPI()
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put,
			"PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			d := DocOp{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary, Description: op.Description}
			for _, p := range op.Parameters {
				t := ""
				if p.Schema != nil {
					t = p.Schema.Type
					if len(p.Schema.Enum) > 0 {
						vals := make([]string, len(p.Schema.Enum))
						for i, e := range p.Schema.Enum {
							vals[i], _ = e.(string)
						}
						t += ": " + strings.Join(vals, ", ")
					}
				}
				d.Params = append(d.Params, DocParam{Name: p.Name, In: p.In, Type: t, Doc: p.Description})
			}
			if op.RequestBody != nil {
				if mt := op.RequestBody.Content["application/json"]; mt != nil && mt.Schema != nil {
					s := mt.Schema
					if s.Ref != "" {
						s = doc.Components.Schemas.SchemaFromRef(s.Ref)
					}
					if s != nil {
						names := make([]string, 0, len(s.Properties))
						for n := range s.Properties {
							if n != "$schema" {
								names = append(names, n)
							}
						}
						sort.Strings(names)
						d.Body = strings.Join(names, ", ")
					}
				}
			}
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], d)
		}
	}
	out := make([]DocTag, 0, len(byTag))
	for name, ops := range byTag {
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Path != ops[j].Path {
				return ops[i].Path < ops[j].Path
			}
			return methodOrder(ops[i].Method) < methodOrder(ops[j].Method)
		})
		out = append(out, DocTag{Name: name, Ops: ops})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func methodOrder(m string) int { return strings.Index("GET POST PUT PATCH DELETE", m) }
