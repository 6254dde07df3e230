package specerrors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestErrorFormat(t *testing.T) {
	assert.Equal(t, "manifest.yml:12:5: bad value (SVR00001)",
		New("manifest.yml", "bad %s", "value").At(12, 5).WithCode(CodeDashboardWithQueryButNoFilter).Error())
	assert.Equal(t, "manifest.yml:12: bad", New("manifest.yml", "bad").At(12, 0).Error())
	assert.Equal(t, "docs/README.md: missing", New("docs/README.md", "missing").Error())
	assert.Equal(t, "about the package", New("", "about the package").At(3, 4).Error(),
		"a position without a file is not shown")
}

func TestSortIsDeterministicAndDropsDuplicates(t *testing.T) {
	a := New("b.yml", "second").At(2, 1)
	b := New("a.yml", "first").At(9, 1)
	c := New("b.yml", "first").At(1, 1)
	got := ValidationErrors{a, b, c, a}.Sort()
	assert.Equal(t, ValidationErrors{b, c, a}, got)
}

func TestSplitAndExclude(t *testing.T) {
	warn := New("m.yml", "old style").WithCode(CodeVisualizationByValue).AsWarning()
	e1 := New("m.yml", "no filter").WithCode(CodeDashboardWithoutFilter)
	e2 := New("m.yml", "no code")
	errs, warnings := ValidationErrors{warn, e1, e2}.Split()
	assert.Equal(t, ValidationErrors{e1, e2}, errs)
	assert.Equal(t, ValidationErrors{warn}, warnings)
	assert.Equal(t, "warning", warn.Severity.String())

	kept := ValidationErrors{e1, e2}.ExcludeCodes([]string{CodeDashboardWithoutFilter})
	assert.Equal(t, ValidationErrors{e2}, kept, "an error without a code is never excluded")
	assert.Len(t, ValidationErrors{e1}.ExcludeCodes(nil), 1)
}
