// JSON for the CLI's --json output: any protobuf message, with 64-bit integers as JSON
// numbers (protobuf's own JSON quotes them), enum values by name and bytes as hex.
#ifndef RESKONTRA_CLI_JSON_H_
#define RESKONTRA_CLI_JSON_H_

#include <google/protobuf/message.h>

#include <string>

namespace reskontra::cli {

std::string ToJson(const google::protobuf::Message& message);

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_JSON_H_
