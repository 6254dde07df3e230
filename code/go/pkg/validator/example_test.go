package validator_test

import (
	"fmt"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func ExampleValidatePath() {
	res := validator.ValidatePath("../../../../test/packages/good_integration_v3", validator.Options{})
	fmt.Println("valid:", res.Valid())
	for _, e := range res.Errors {
		fmt.Println(e.Error())
	}
	// Output: valid: true
}
