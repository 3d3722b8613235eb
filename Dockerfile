# syntax=docker/dockerfile:1
#
# The conformance suite as a container:
#
#   docker build -t dli-conformance .
#   docker run --rm -e DLI_ENDPOINT -e DLI_PROJECT_ID -e DLI_CONNECTION_ID \
#     -e DLI_QUEUES -e DLI_AUTH_TOKEN -v "$PWD/reports:/reports" \
#     --user "$(id -u):$(id -g)" dli-conformance run
#
# Reports go to /reports (DLI_REPORT_DIR). With no DLI_ENDPOINT the suite runs
# against its embedded emulator, so `docker run --rm dli-conformance run` works
# with no configuration at all.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/dli-conformance/dli-conformance/internal/version.Version=${VERSION}" \
      -o /out/dli-conformance ./cmd/dli-conformance \
 && mkdir -p /out/reports

# distroless/static carries CA certificates, tzdata and a non-root user, and
# nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dli-conformance /usr/local/bin/dli-conformance
COPY --from=build --chown=65532:65532 /out/reports /reports
ENV DLI_REPORT_DIR=/reports
WORKDIR /reports
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/dli-conformance"]
CMD ["run"]
