import protobuf from "protobufjs";

/**
 * The subset of the OTLP trace protocol (opentelemetry-proto, collector/trace/v1 and its
 * dependencies) that Vigil reads, as protobuf schema text for protobufjs. Field numbers are the
 * wire contract; fields not listed (links, dropped counts, flags) are skipped by the decoder.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }

message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }

message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Status { string message = 2; int32 code = 3; }

message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

let root: protobuf.Root | undefined;
function types() {
  root ??= protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
  return { request: root.lookupType("otlp.ExportTraceServiceRequest"), response: root.lookupType("otlp.ExportTraceServiceResponse") };
}

/**
 * Decodes a protobuf export request into the same plain shape as OTLP/JSON (camelCase fields,
 * hex ids, nanosecond times as decimal strings), so one code path reads both encodings.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): unknown {
  const msg = types().request.decode(bytes);
  return types().request.toObject(msg, { longs: String, bytes: Array, defaults: false, oneofs: false, arrays: true });
}

export function encodeOtlpResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const { response } = types();
  if (rejectedSpans === 0) return response.encode(response.create({})).finish();
  return response.encode(response.fromObject({ partialSuccess: { rejectedSpans, errorMessage } })).finish();
}

/** The encoder's side, for clients of this module's schema (tests send real protobuf with it). */
export function encodeOtlpProtobuf(request: unknown): Uint8Array {
  const { request: type } = types();
  return type.encode(type.fromObject(request as Record<string, unknown>)).finish();
}

export function decodeOtlpResponse(bytes: Uint8Array): { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } } {
  const { response } = types();
  return response.toObject(response.decode(bytes), { longs: String }) as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
}
