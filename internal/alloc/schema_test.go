package alloc

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
)

// checkAgainstSchema walks a JSON value beside its schema: every required property is present and
// every property present is documented. It knows the little of JSON Schema the schemas use.
func checkAgainstSchema(t *testing.T, path string, schema map[string]any, v any) {
	t.Helper()
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: want an object, got %T", path, v)
			return
		}
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := obj[r.(string)]; !ok {
					t.Errorf("%s: required property %q missing", path, r)
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
				t.Errorf("%s: property %q is not in the schema", path, k)
				continue
			}
			checkAgainstSchema(t, path+"."+k, ps, obj[k])
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			t.Errorf("%s: want an array, got %T", path, v)
			return
		}
		items, _ := schema["items"].(map[string]any)
		for i, x := range arr {
			if items != nil {
				checkAgainstSchema(t, path+"[]", items, x)
			}
			_ = i
		}
	}
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

func TestPlanAndProblemMatchTheirSchemas(t *testing.T) {
	p := exampleProblem()
	p.Demands[0].WindowEnd = "2026-03-02T13:00:00+01:00"
	p.ShelfLives = []ShelfLife{{Nuclide: "Lu-177", Hours: 240}}
	p.Demands = append(p.Demands, Demand{ID: "x", Hospital: "Nowhere", Nuclide: "Lu-177", ActivityBq: 1e9, CalibrationAt: "2026-03-02T12:00:00+01:00", Priority: 3})
	var pv any
	raw, _ := json.Marshal(p)
	json.Unmarshal(raw, &pv)
	checkAgainstSchema(t, "problem", loadSchema(t, "allocation-problem.schema.json"), pv)

	plan, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	var fast, std any
	if err := json.Unmarshal(plan.AppendJSON(nil), &fast); err != nil {
		t.Fatalf("AppendJSON is not JSON: %v", err)
	}
	raw, _ = json.Marshal(plan)
	json.Unmarshal(raw, &std)
	if !reflect.DeepEqual(fast, std) {
		t.Errorf("AppendJSON and encoding/json disagree:\n%s\n%s", plan.AppendJSON(nil), raw)
	}
	checkAgainstSchema(t, "plan", loadSchema(t, "allocation-plan.schema.json"), fast)
	var streamed bytes.Buffer
	if err := plan.EncodeJSON(&streamed); err != nil || !bytes.Equal(streamed.Bytes(), plan.AppendJSON(nil)) {
		t.Errorf("EncodeJSON (%v) and AppendJSON write different documents", err)
	}
}
