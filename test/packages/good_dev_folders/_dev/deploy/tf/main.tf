resource "null_resource" "sample" {}
