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

// A registry validates every package it keeps, on every core, at start-up.
func ExampleFindPackages() {
	paths, err := validator.FindPackages("../../../../test/packages")
	if err != nil {
		fmt.Println(err)
		return
	}
	valid := 0
	for _, res := range validator.ValidatePaths(paths, validator.Options{}) {
		if res.Valid() {
			valid++
		}
	}
	fmt.Println(valid > 0 && valid < len(paths))
	// Output: true
}
