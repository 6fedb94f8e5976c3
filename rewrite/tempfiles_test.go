package rewrite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An error after the temporary go.mod exists (go get fails: the replace
// points nowhere) leaves no temporary file behind. The golden cases check
// the same after every success, refusal and bad-input error.
func TestNoTempLeftOnGetError(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	mod := filepath.Join(dir, "m")
	for _, d := range []string{tmp, mod} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TMPDIR", tmp)
	writeFile(t, filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.26.0\n\nreplace "+GreenModule+" => ../nowhere\n"))
	writeFile(t, filepath.Join(mod, "main.go"), []byte("package main\n\nimport \"net\"\n\nfunc main() { _, _ = net.Dial(\"tcp\", \"127.0.0.1:1\") }\n"))
	cfg := &Config{Dir: mod, Patterns: []string{"./..."}, Patch: realSets(),
		Env: append(os.Environ(), "GOPROXY=off", "GOSUMDB=off", "GOWORK=off")}
	_, err := Plan(context.Background(), cfg)
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "preparing go.mod") {
		t.Fatalf("want a go.mod preparation error, got %v", err)
	}
	if es, _ := os.ReadDir(tmp); len(es) > 0 {
		t.Errorf("left in the temp dir: %v", es)
	}
}
