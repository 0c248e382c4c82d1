package forecast

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// schemaErrors walks a JSON value beside its schema: every required property is present, every
// property present is documented, types and enums match. It knows the little of JSON Schema the
// forecast schemas use: type (one or a list), properties, required, items, enum, oneOf and local
// $ref into $defs.
func schemaErrors(root, schema map[string]any, path string, v any) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		def, _ := root["$defs"].(map[string]any)[name].(map[string]any)
		if def == nil {
			return []string{path + ": unknown $ref " + ref}
		}
		return schemaErrors(root, def, path, v)
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		matches, why := 0, []string{}
		for _, a := range alts {
			errs := schemaErrors(root, a.(map[string]any), path, v)
			if len(errs) == 0 {
				matches++
			}
			why = append(why, errs...)
		}
		if matches != 1 {
			return append([]string{fmt.Sprintf("%s: matches %d alternatives of oneOf", path, matches)}, why...)
		}
		return nil
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			return []string{fmt.Sprintf("%s: %v not in %v", path, v, enum)}
		}
	}
	var errs []string
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", path, v)}
		}
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := obj[r.(string)]; !ok {
					errs = append(errs, fmt.Sprintf("%s: required property %q missing", path, r))
				}
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: property %q is not in the schema", path, k))
				continue
			}
			errs = append(errs, schemaErrors(root, ps, path+"."+k, obj[k])...)
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %T", path, v)}
		}
		items, _ := schema["items"].(map[string]any)
		for i, x := range arr {
			if items != nil {
				errs = append(errs, schemaErrors(root, items, fmt.Sprintf("%s[%d]", path, i), x)...)
			}
		}
	case "number", "integer":
		f, ok := v.(float64)
		if !ok || (schema["type"] == "integer" && f != float64(int64(f))) {
			errs = append(errs, fmt.Sprintf("%s: want %s, got %v", path, schema["type"], v))
		}
	case "string":
		if _, ok := v.(string); !ok {
			errs = append(errs, fmt.Sprintf("%s: want a string, got %T", path, v))
		}
	}
	return errs
}

func loadSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile("../../docs/schemas/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func asTree(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	json.Unmarshal(raw, &tree)
	return tree
}

func TestScenarioAndResultMatchTheirSchemas(t *testing.T) {
	scenario, result := loadSchema(t, "forecast-scenario.schema.json"), loadSchema(t, "forecast-result.schema.json")
	s := DefaultScenario()
	for _, e := range schemaErrors(scenario, scenario, "scenario", asTree(t, s)) {
		t.Error(e)
	}
	bare, err := DecodeScenario([]byte(`{"baseline_year":2025,"products":[{"name":"F-18","unit":"GBq"}],
	  "applications":[{"name":"PET/CT","kind":"diagnostic","count":100000,"growth":{"model":"constant","rate":0.1},"product":"F-18","activity_per_procedure":0.2,"resources":{}}],
	  "facilities":[{"name":"cyclotron","product":"F-18","capacity_per_week":2000,"weeks_per_year":50}],"resources":{"room_days_per_year":250,"staff_hours_per_year":1500,"hotlab_hours_per_year":2000}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range schemaErrors(scenario, scenario, "bare", asTree(t, bare)) {
		t.Error(e)
	}
	res, err := Run(s, Options{Runs: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range schemaErrors(result, result, "result", asTree(t, res)) {
		t.Error(e)
	}
	// The checker is not blind: a misspelt field and a wrong kind are caught.
	tree := asTree(t, s).(map[string]any)
	tree["horizon"] = 2040
	tree["applications"].([]any)[0].(map[string]any)["kind"] = "screening"
	if errs := schemaErrors(scenario, scenario, "scenario", tree); len(errs) != 2 {
		t.Errorf("want two errors for a bad scenario, got %q", errs)
	}
}
