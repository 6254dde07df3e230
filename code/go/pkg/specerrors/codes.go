package specerrors

// Codes of the checks that packages can name in validation.yml. They are the same as in the
// reference implementation, so that existing packages keep working.
const (
	// CodeMessageRenameToEventOriginal: a pipeline renames message to event.original without
	// the guards that make it safe.
	CodeMessageRenameToEventOriginal = "JSE00001"

	// CodeNonGASpecOnGAPackage: a GA package uses a spec version that is not GA.
	CodeNonGASpecOnGAPackage = "PSR00001"
	// CodePrereleaseFeatureOnGAPackage: a GA package uses a feature still in pre-release.
	CodePrereleaseFeatureOnGAPackage = "PSR00002"

	// CodeDashboardWithQueryButNoFilter: a dashboard has a query but no filter.
	CodeDashboardWithQueryButNoFilter = "SVR00001"
	// CodeDashboardWithoutFilter: a dashboard has no filter.
	CodeDashboardWithoutFilter = "SVR00002"
	// CodeDanglingObjectIDs: a Kibana object refers to an object the package does not hold.
	CodeDanglingObjectIDs = "SVR00003"
	// CodeVisualizationByValue: a dashboard embeds visualizations by reference instead of by value.
	CodeVisualizationByValue = "SVR00004"
	// CodeMinimumKibanaVersion: the package needs a newer minimum Kibana version.
	CodeMinimumKibanaVersion = "SVR00005"
	// CodePipelineTagRequired: an ingest pipeline processor has no tag.
	CodePipelineTagRequired = "SVR00006"
	// CodeKibanaTagDuplicates: two Kibana tags share a name.
	CodeKibanaTagDuplicates = "SVR00007"
	// CodePipelineOnFailureEventKind: an on_failure handler does not set event.kind.
	CodePipelineOnFailureEventKind = "SVR00008"
	// CodePipelineOnFailureMessage: an on_failure handler's error.message lacks the processor details.
	CodePipelineOnFailureMessage = "SVR00009"
	// CodeInputQualifierRequired: inputs of the same type in a policy template need names.
	CodeInputQualifierRequired = "SVR00010"
	// CodeUseOtelSuffixWithInput: an OpenTelemetry input type lacks its suffix.
	CodeUseOtelSuffixWithInput = "SVR00011"
	// CodeAgentVersionCondition: the agent version condition is missing or too low.
	CodeAgentVersionCondition = "SVR00012"
)
