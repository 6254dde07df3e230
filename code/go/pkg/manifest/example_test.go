package manifest_test

import (
	"fmt"
	"testing/fstest"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

func ExampleRead() {
	pkg := fstest.MapFS{
		"manifest.yml": {Data: []byte(`
format_version: 3.3.0
name: nginx
title: Nginx
version: 1.2.0
owner.github: elastic/obs
conditions.kibana.version: "^8.15.0"
policy_templates:
  - name: nginx
    title: Nginx logs
    description: Collect logs
    inputs:
      - type: logfile
`)},
		"data_stream/access/manifest.yml": {Data: []byte("title: Access logs\ntype: logs\n")},
	}
	p, err := manifest.Read(pkg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.Version, *p.Title)
	fmt.Println("owner:", p.Owner.Github, "kibana:", p.Conditions.Kibana.Version)
	fmt.Println("input:", p.PolicyTemplates[0].Inputs[0].Type)
	for _, ds := range p.DataStreams {
		fmt.Println("data stream:", ds.Dir, ds.Type, ds.Title)
	}
	// Output:
	// nginx 1.2.0 Nginx
	// owner: elastic/obs kibana: ^8.15.0
	// input: logfile
	// data stream: access logs Access logs
}
