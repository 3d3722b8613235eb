package broken

// The inputs that the catalogue's runs give the suite (its DLI_* settings), which the
// behaviours tailored to the suite's requests look for. They are the default seed's.
const (
	Token             = "tok-VERY-SECRET-4d1e7f"
	Project           = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	Connection        = "2a620c33-5609-40c9-affd-2b6453071b0f"
	DeletedConnection = "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40"
	Queues            = "queue_a,queue_b"
	Pools             = "pool_a"
	// AK and SK sign the requests of the catalogue's AK/SK targets.
	AK = "AKCONFORMANCECATALOGUE"
	SK = "sk-VERY-SECRET-9c2b51"
)

// AKSKEnv configures a catalogue run with AK and SK instead of the token.
var AKSKEnv = []string{"DLI_AUTH_TOKEN=", "DLI_AK=" + AK, "DLI_SK=" + SK}

// Env is the configuration of a run against a catalogue target, but for its endpoint
// and report directory; a Target's Env comes after it and so wins.
var Env = []string{
	"DLI_PROJECT_ID=" + Project,
	"DLI_CONNECTION_ID=" + Connection,
	"DLI_QUEUES=" + Queues,
	"DLI_POOLS=" + Pools,
	"DLI_DELETED_CONNECTION_ID=" + DeletedConnection,
	"DLI_AUTH_TOKEN=" + Token,
	"DLI_TIMEOUT=2s",
	// A broken target may never show a binding: do not wait a minute for it.
	"DLI_SETTLE_TIMEOUT=1s",
}
