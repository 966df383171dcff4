-- wrk script of FhirBench: each request takes a random path from the file FHIR_BENCH_PATHS (one per line)
-- and carries the EHR client's bearer token from FHIR_BENCH_BEARER. Each wrk thread runs its own copy.
local paths = {}
for line in io.lines(os.getenv("FHIR_BENCH_PATHS")) do
  paths[#paths + 1] = line
end
wrk.headers["Accept"] = "application/fhir+json"
wrk.headers["Authorization"] = os.getenv("FHIR_BENCH_BEARER")

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
