#include "services/unreadable_request.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "services/limits.h"

namespace reskontra {

namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

// The request message type of "/package.Service/Method", or "" for a method the generated
// pool does not know.
std::string RequestType(const std::string& method) {
  if (method.size() < 2 || method[0] != '/') return "";
  std::string name = method.substr(1);
  const size_t slash = name.find('/');
  if (slash == std::string::npos) return "";
  name[slash] = '.';
  const google::protobuf::MethodDescriptor* m =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  return m != nullptr ? m->input_type()->full_name() : "";
}

class UnreadableRequest final : public grpc::experimental::Interceptor {
 public:
  explicit UnreadableRequest(const char* method) : method_(method) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    // gRPC hands the interceptor no message when the request's bytes did not parse.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unreadable_ = true;
    }
    if (unreadable_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, UnreadableRequestMessage(method_)));
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  bool unreadable_ = false;
};

class UnreadableRequestFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    // With a stream of requests, "no message" is also how the stream's end looks.
    if (info->type() != ServerRpcInfo::Type::UNARY && info->type() != ServerRpcInfo::Type::SERVER_STREAMING)
      return nullptr;
    return new UnreadableRequest(info->method());
  }
};

}  // namespace

std::string UnreadableRequestMessage(const std::string& method) {
  const std::string type = RequestType(method);
  return absl::StrCat("the request to ", method, " could not be read",
                      type.empty() ? "" : absl::StrCat(" as a ", type),
                      ": its bytes are not a well-formed message of that type (a truncated or "
                      "garbled message, a field of the wrong wire type, or a string field that is "
                      "not valid UTF-8); nothing was done");
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> UnreadableRequestInterceptor() {
  return std::make_unique<UnreadableRequestFactory>();
}

void ConfigureLedgerServer(grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(limits::kMaxReceiveMessageBytes);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(UnreadableRequestInterceptor());
  builder.experimental().SetInterceptorCreators(std::move(factories));
}

}  // namespace reskontra
