package config

import (
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// huaweiCloudRegions are DLI's endpoints by region, as the Huawei Cloud Go SDK's
// region table for DLI (services/dli/v1/region) lists them: not a formula, since
// some regions have endpoints of their own (eu-west-101 is under
// myhuaweicloud.eu). sdkcheck's tests compare this table with the SDK's.
var huaweiCloudRegions = map[string]string{
	"ae-ad-1":          "https://dli.ae-ad-1.myhuaweicloud.com",
	"af-north-1":       "https://dli.af-north-1.myhuaweicloud.com",
	"af-south-1":       "https://dli.af-south-1.myhuaweicloud.com",
	"ap-southeast-1":   "https://dli.ap-southeast-1.myhuaweicloud.com",
	"ap-southeast-2":   "https://dli.ap-southeast-2.myhuaweicloud.com",
	"ap-southeast-3":   "https://dli.ap-southeast-3.myhuaweicloud.com",
	"ap-southeast-4":   "https://dli.ap-southeast-4.myhuaweicloud.com",
	"cn-east-2":        "https://dli.cn-east-2.myhuaweicloud.com",
	"cn-east-3":        "https://dli.cn-east-3.myhuaweicloud.com",
	"cn-east-4":        "https://dli.cn-east-4.myhuaweicloud.com",
	"cn-east-5":        "https://dli.cn-east-5.myhuaweicloud.com",
	"cn-north-1":       "https://dli.cn-north-1.myhuaweicloud.com",
	"cn-north-2":       "https://dli.cn-north-2.myhuaweicloud.com",
	"cn-north-4":       "https://dli.cn-north-4.myhuaweicloud.com",
	"cn-north-9":       "https://dli.cn-north-9.myhuaweicloud.com",
	"cn-south-1":       "https://dli.cn-south-1.myhuaweicloud.com",
	"cn-southwest-2":   "https://dli.cn-southwest-2.myhuaweicloud.com",
	"eu-west-0":        "https://dli.eu-west-0.myhuaweicloud.com",
	"eu-west-101":      "https://dli.eu-west-101.myhuaweicloud.eu",
	"la-north-2":       "https://dli.la-north-2.myhuaweicloud.com",
	"la-south-2":       "https://dli.la-south-2.myhuaweicloud.com",
	"me-east-1":        "https://dli.me-east-1.myhuaweicloud.com",
	"my-kualalumpur-1": "https://dli.my-kualalumpur-1.myhuaweicloud.com",
	"na-mexico-1":      "https://dli.na-mexico-1.myhuaweicloud.com",
	"ru-moscow-1":      "https://dli.ru-moscow-1.myhuaweicloud.com",
	"ru-northwest-2":   "https://dli.ru-northwest-2.myhuaweicloud.com",
	"sa-brazil-1":      "https://dli.sa-brazil-1.myhuaweicloud.com",
	"tr-west-1":        "https://dli.tr-west-1.myhuaweicloud.com",
}

// HuaweiCloudRegions returns the region table, region id to endpoint.
func HuaweiCloudRegions() map[string]string {
	out := make(map[string]string, len(huaweiCloudRegions))
	for k, v := range huaweiCloudRegions {
		out[k] = v
	}
	return out
}

// RegionEndpoint returns the documented DLI endpoint of a region, and whether the
// region is known: for huaweicloud the region table's, for otc the OTC service
// pattern dli.{region}.otc.t-systems.com.
func RegionEndpoint(p contract.Profile, region string) (string, bool) {
	if p == contract.OTC {
		return "https://dli." + region + ".otc.t-systems.com", true
	}
	e, ok := huaweiCloudRegions[region]
	return e, ok
}

func knownRegions() string {
	ids := make([]string, 0, len(huaweiCloudRegions))
	for id := range huaweiCloudRegions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}
