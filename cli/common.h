// Shared by the CLI's command files: global options, the command context, errors and output.
#ifndef RESKONTRA_CLI_COMMON_H_
#define RESKONTRA_CLI_COMMON_H_

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/json.h"
#include "cli/print.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "journal/record.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace reskontra::cli {

namespace pb = reskontra::v1;

// "OPEN", "PAID" … : the enum's name without its "INVOICE_STATUS_" prefix.
inline std::string StatusName(pb::InvoiceStatus s) {
  return std::string(absl::StripPrefix(pb::InvoiceStatus_Name(s), "INVOICE_STATUS_"));
}

inline const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return "OK";
    case grpc::CANCELLED:
      return "CANCELLED";
    case grpc::UNKNOWN:
      return "UNKNOWN";
    case grpc::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::ABORTED:
      return "ABORTED";
    case grpc::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::INTERNAL:
      return "INTERNAL";
    case grpc::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

// A usage error found before anything is sent: reported like a server's INVALID_ARGUMENT.
struct UsageError {
  std::string message;
};

inline int Fail(const grpc::Status& s) {
  std::fprintf(stderr, "%s: %s\n", CodeName(s.error_code()), s.error_message().c_str());
  return 1;
}

// A rate in hundredths of a percent as Swedish text: 1025 -> "10,25".
inline std::string Pct(int32_t bp) {
  return absl::StrCat(bp < 0 ? "-" : "", std::abs(bp) / 100, ",", std::abs(bp) % 100 < 10 ? "0" : "",
                      std::abs(bp) % 100);
}

// A printed document's receipt as one line: where the journal recorded it, its SHA-256, and the
// invoices left out with the reason.
inline std::string ReceiptText(const std::optional<pb::DocumentReceipt>& receipt) {
  if (!receipt) return "";
  std::string text = absl::StrCat(receipt->replayed() ? "already recorded" : "recorded", " at position ",
                                  receipt->position(), ", ");
  if (receipt->pages() > 0)  // an e-invoice has none
    absl::StrAppend(&text, receipt->pages(), receipt->pages() == 1 ? " page, " : " pages, ");
  absl::StrAppend(&text, "sha256 ", receipt->sha256());
  for (const std::string& why : receipt->not_printed()) absl::StrAppend(&text, "\nnot printed: ", why);
  return text;
}

// Receives a stream of chunks (an export, a print file) into `out` (stdout when empty), as it
// arrives: into `out`.part, renamed to `out` only when the whole stream has come, so a failed or
// cut stream leaves no file that looks complete. A printed document's receipt goes to stdout
// after the file's name, or to stderr when the file itself goes to stdout.
inline int ReceiveChunks(grpc::ClientReader<pb::ExportChunk>& reader, const std::string& out) {
  const std::string part = out.empty() ? "" : absl::StrCat(out, ".part");
  std::FILE* f = out.empty() ? stdout : std::fopen(part.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", part.c_str());
    return 1;
  }
  pb::ExportChunk chunk;
  std::optional<pb::DocumentReceipt> receipt;
  size_t bytes = 0;
  bool written = true;
  bool one_a_letter = false;
  while (reader.Read(&chunk)) {
    one_a_letter = one_a_letter || !chunk.file_name().empty();
    written = written && !one_a_letter &&
              std::fwrite(chunk.data().data(), 1, chunk.data().size(), f) == chunk.data().size();
    bytes += chunk.data().size();
    if (chunk.has_document()) receipt = chunk.document();
  }
  grpc::Status s = reader.Finish();
  if (!out.empty()) written = std::fclose(f) == 0 && written;
  if (!s.ok() || !written) {
    if (!out.empty()) std::remove(part.c_str());
    if (!s.ok()) return Fail(s);
    if (one_a_letter)
      std::fprintf(stderr, "the document is one file a letter: receive it with --dir\n");
    else
      std::fprintf(stderr, "cannot write %s\n", out.c_str());
    return 1;
  }
  if (out.empty()) {
    std::fflush(stdout);
    if (receipt) std::fprintf(stderr, "%s\n", ReceiptText(receipt).c_str());
    return 0;
  }
  if (std::rename(part.c_str(), out.c_str()) != 0) {
    std::fprintf(stderr, "cannot write %s\n", out.c_str());
    return 1;
  }
  Printf("wrote %s (%zu bytes)%s%s\n", out.c_str(), bytes, receipt ? "; " : "", ReceiptText(receipt).c_str());
  return 0;
}

// Receives one file a document into the folder `dir` (made if missing): each file is named in
// its first chunk (a plain name: no folder, no "..", refused otherwise), written as NAME.part and
// renamed when all have come and their manifest (sha256sum's lines) has the SHA-256 the journal
// recorded; the manifest is written beside them as SHA256SUMS, so `sha256sum -c SHA256SUMS`
// checks the files later.
inline int ReceiveFiles(grpc::ClientReader<pb::ExportChunk>& reader, const std::string& dir) {
  ::mkdir(dir.c_str(), 0755);
  pb::ExportChunk chunk;
  std::optional<pb::DocumentReceipt> receipt;
  std::vector<std::string> names;  // written as name.part
  std::string problem, manifest, current;
  auto finish_file = [&]() {
    if (names.empty() || !problem.empty()) return;
    const std::string path = absl::StrCat(dir, "/", names.back(), ".part");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const bool written = f != nullptr && std::fwrite(current.data(), 1, current.size(), f) == current.size();
    if (f == nullptr || std::fclose(f) != 0 || !written) problem = absl::StrCat("cannot write ", path);
    absl::StrAppend(&manifest, HashToHex(Sha256(current)), "  ", names.back(), "\n");
    current.clear();
  };
  while (reader.Read(&chunk)) {
    if (!problem.empty()) continue;  // read to the end: the call then finishes cleanly
    if (!chunk.file_name().empty()) {
      finish_file();
      const std::string& name = chunk.file_name();
      if (name.find('/') != std::string::npos || name.find("..") != std::string::npos ||
          name == "SHA256SUMS") {
        problem = absl::StrCat("the server named a file '", name, "': not a plain name");
        continue;
      }
      names.push_back(name);
    }
    if (names.empty() && !chunk.data().empty()) {
      problem = "the server sent one print file, not a file a letter";
      continue;
    }
    current += chunk.data();
    if (chunk.has_document()) receipt = chunk.document();
  }
  finish_file();
  grpc::Status s = reader.Finish();
  if (s.ok() && !problem.empty()) s = grpc::Status(grpc::StatusCode::INTERNAL, problem);
  if (s.ok() && (!receipt || HashToHex(Sha256(manifest)) != receipt->sha256()))
    s = grpc::Status(grpc::StatusCode::DATA_LOSS,
                     "the files received are not the ones the journal records (their SHA256SUMS differ)");
  for (const std::string& n : names) {
    const std::string part = absl::StrCat(dir, "/", n, ".part"), final_name = absl::StrCat(dir, "/", n);
    if (!s.ok()) {
      std::remove(part.c_str());
    } else if (std::rename(part.c_str(), final_name.c_str()) != 0) {
      s = grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat("cannot write ", final_name));
    }
  }
  if (!s.ok()) return Fail(s);
  const std::string sums = absl::StrCat(dir, "/SHA256SUMS");
  std::ofstream m(sums, std::ios::binary | std::ios::trunc);
  m << manifest;
  m.close();
  if (!m) {
    std::fprintf(stderr, "cannot write %s\n", sums.c_str());
    return 1;
  }
  Printf("wrote %zu files and SHA256SUMS to %s; %s\n", names.size(), dir.c_str(),
         ReceiptText(receipt).c_str());
  return 0;
}

// The whole of a file the user names (an import's input), or a usage error naming it.
inline std::string ReadInputFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream bytes;
  bytes << f.rdbuf();
  if (!f) throw UsageError{absl::StrCat("cannot read ", path)};
  return bytes.str();
}

inline int64_t ParseAmountOre(const std::string& text, const char* what) {
  absl::StatusOr<reskontra::Money> m = reskontra::Money::Parse(text);
  if (!m.ok()) throw UsageError{absl::StrCat(what, ": ", m.status().message())};
  return m->ore();
}

inline int64_t ParseInvoiceNumber(const std::string& text) {
  int64_t n = 0;
  if (text.empty() || text.size() > static_cast<size_t>(limits::kInvoiceNumberDigits) ||
      !absl::SimpleAtoi(text, &n) || text.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError{absl::StrCat("invoice number '", text, "' must be up to 9 digits")};
  }
  return n;
}

// "FROM..TO" dates (either side may be empty) or one date.
inline std::pair<std::string, std::string> DateRange(const std::string& text) {
  if (text.empty()) return {};
  size_t dots = text.find("..");
  if (dots == std::string::npos) return {text, text};
  return {text.substr(0, dots), text.substr(dots + 2)};
}

// "FROM-TO" numbers or one number.
inline std::pair<int64_t, int64_t> NumberRange(const std::string& text, const char* what) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('-', 1));
  int64_t a = 0, b = 0;
  if (!absl::SimpleAtoi(parts[0], &a) || !absl::SimpleAtoi(parts.size() == 2 ? parts[1] : parts[0], &b)) {
    throw UsageError{absl::StrCat(what, " '", text, "' is not FROM-TO")};
  }
  return {a, b};
}

inline std::string NewCommandId() {
  unsigned char bytes[16];
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd < 0 || read(fd, bytes, sizeof bytes) != static_cast<ssize_t>(sizeof bytes)) {
    throw UsageError{"cannot read /dev/urandom for a command id"};
  }
  close(fd);
  return absl::StrCat("cli-",
                      absl::BytesToHexString(std::string(reinterpret_cast<char*>(bytes), sizeof bytes)));
}

struct Globals {
  std::string server = "127.0.0.1:50051";
  int company = 1;
  std::string actor;
  std::string command_id;
  bool json = false;
  std::optional<int64_t> expected_version;
};

template <class Request>
inline void SetCtx(const Globals& g, Request& r) {
  pb::CommandContext* c = r.mutable_ctx();
  c->set_command_id(g.command_id.empty() ? NewCommandId() : g.command_id);
  c->set_actor(g.actor);
  c->set_company(g.company);
  if (g.expected_version) c->set_expected_version(*g.expected_version);
}

inline void PrintInvoice(const pb::Invoice& i) {
  Printf("Faktura %s  företag %d  kund %s  rutin %02d\n",
         reskontra::FormatInvoiceNumber(i.invoice_number()).c_str(), i.company(), i.customer_number().c_str(),
         i.routine());
  Printf("  fakturadatum %s  förfallodag %s  OCR %s\n", i.invoice_date().c_str(), i.due_date().c_str(),
         i.ocr_reference().c_str());
  const pb::InvoiceAttributes& a = i.attributes();
  for (const auto& [label, value] :
       {std::pair{"förvaltning", &a.department()}, std::pair{"handläggare", &a.handler()},
        std::pair{"avser", &a.subject()}, std::pair{"er referens", &a.buyer_reference()},
        std::pair{"beställning", &a.order_reference()}, std::pair{"system", &a.billing_system()},
        std::pair{"kalla_id", &a.source_id()}})
    if (!value->empty()) Printf("  %s: %s\n", label, value->c_str());
  Printf("  skickad som %s%s%s\n",
         a.delivery() == pb::DELIVERY_CHANNEL_E_INVOICE ? "e-faktura"
         : a.delivery() == pb::DELIVERY_CHANNEL_EMAIL   ? "e-post"
                                                        : "papper",
         a.peppol_id().empty() ? "" : " till ", a.peppol_id().c_str());
  auto row = [](const char* label, const pb::Amount& a) {
    Printf("  %-16s %16s kr\n", label, a.kronor().c_str());
  };
  row("fakturerat", i.invoiced());
  if (i.fees().ore()) row("avgifter", i.fees());
  if (i.interest().ore()) row("ränta", i.interest());
  if (i.debit_adjusted().ore()) row("debiterat", i.debit_adjusted());
  row("inbetalt", i.paid());
  if (i.credited().ore()) row("krediterat", i.credited());
  if (i.annulled().ore()) row("makulerat", i.annulled());
  if (i.written_off().ore()) row("avskrivet", i.written_off());
  row("saldo", i.balance());
  if (i.fees_reversed().ore()) row("avgift avförd", i.fees_reversed());
  if (i.interest_reversed().ore()) row("ränta avförd", i.interest_reversed());
  if (i.carried().ore()) row("överfört", i.carried());
  if (!i.watch_text().empty()) Printf("  bevakning: %s\n", i.watch_text().c_str());
  if (i.pending_approval())
    Printf("  väntar på attest: begäran %lld (reskontra approval list)\n",
           static_cast<long long>(i.pending_approval()));
  Printf("  status %s%s%s  version %lld\n", StatusName(i.status()).c_str(),
         i.slutbetald_date().empty() ? "" : "  slutbetald ", i.slutbetald_date().c_str(),
         static_cast<long long>(i.version()));
}

inline void PrintCustomer(const pb::Customer& c) {
  Printf("Kund %s  företag %d  %s  %s\n", c.customer_number().c_str(), c.company(),
         c.details().name().c_str(), c.details().national_id().c_str());
  if (!c.details().street().empty() || !c.details().city().empty()) {
    Printf("  %s, %s %s\n", c.details().street().c_str(), c.details().postal_code().c_str(),
           c.details().city().c_str());
  }
  if (!c.details().peppol_id().empty()) Printf("  e-fakturaadress %s\n", c.details().peppol_id().c_str());
  Printf("  skuld %s kr  tillgodo %s kr  fakturor %d (öppna %d)  version %lld\n", c.debt().kronor().c_str(),
         c.credit_balance().kronor().c_str(), c.invoice_count(), c.open_invoice_count(),
         static_cast<long long>(c.version()));
}

template <class Message>
inline void Output(const Globals& g, const Message& m, void (*human)(const Message&)) {
  if (g.json)
    Printf("%s\n", reskontra::cli::ToJson(m).c_str());
  else
    human(m);
}

inline void PrintApproval(const pb::Approval& a) {
  const pb::ApprovalRequestedEvent& q = a.request();
  Printf("Attest %lld  %-9s  faktura %s  %14s kr  %s  begärd av %s %s",
         static_cast<long long>(q.request_id()), a.state().c_str(),
         FormatInvoiceNumber(q.invoice_number()).c_str(), q.amount().kronor().c_str(),
         q.kind() == pb::APPROVAL_KIND_ANNULMENT ? "makulering" : "avskrivning", a.requested_by().c_str(),
         a.requested_at().c_str());
  if (!a.decided_by().empty()) Printf(", beslut av %s %s", a.decided_by().c_str(), a.decided_at().c_str());
  if (!a.reason().empty()) Printf(" (%s)", a.reason().c_str());
  Printf("\n");
}
inline void PrintApprovals(const pb::ListApprovalsResponse& r) {
  const pb::ApprovalPolicy& p = r.policy();
  Printf("Policy: makulering %s, avskrivning %s\n", p.annulment() ? "kräver attest" : "fri",
         !p.write_off() ? "fri"
                        : absl::StrCat("kräver attest från ", p.write_off_from().kronor(), " kr").c_str());
  for (const pb::Approval& a : r.approvals()) PrintApproval(a);
  if (r.truncated()) Printf("(fler finns)\n");
}

inline void PrintCommand(const pb::CommandResponse& r) {
  Printf("OK positions %llu..%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
         static_cast<unsigned long long>(r.result().last_position()),
         r.result().replayed() ? " (replayed)" : "");
  if (r.has_approval()) PrintApproval(r.approval());
  if (r.has_invoice()) PrintInvoice(r.invoice());
  if (r.has_customer()) PrintCustomer(r.customer());
}

inline void PrintEvent(const pb::JournalEvent& e) {
  Printf("%8llu  %s  %s  %-20s %s  %s\n", static_cast<unsigned long long>(e.position()),
         e.recorded_at().c_str(), e.effective_date().c_str(), e.type().c_str(), e.command_id().c_str(),
         absl::BytesToHexString(e.hash()).substr(0, 16).c_str());
}

// What a command subcommand sends: the request with its context, printed as a CommandResponse.
template <class Request, class Method>
std::function<int(pb::Ledger::Stub&)> CommandCall(const Globals& g, Request request, Method method) {
  return [&g, request, method](pb::Ledger::Stub& stub) mutable {
    SetCtx(g, request);
    grpc::ClientContext ctx;
    pb::CommandResponse resp;
    grpc::Status s = (stub.*method)(&ctx, request, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintCommand);
    return 0;
  };
}

// A unary query's answer into `out`, for a subcommand that reads before it writes.
template <class Request, class Response>
grpc::Status Query(pb::Ledger::Stub& stub,
                   grpc::Status (pb::Ledger::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                   const Request& request, Response* out) {
  grpc::ClientContext ctx;
  return (stub.*method)(&ctx, request, out);
}

// A unary call printed with `print` (or as JSON); a command's request gets its context.
template <class Request, class Response>
std::function<int(pb::Ledger::Stub&)> RpcCall(const Globals& g, Request request,
                                              grpc::Status (pb::Ledger::Stub::*method)(grpc::ClientContext*,
                                                                                       const Request&,
                                                                                       Response*),
                                              void (*print)(const Response&)) {
  return [&g, request, method, print](pb::Ledger::Stub& stub) mutable {
    if constexpr (requires { request.mutable_ctx(); }) SetCtx(g, request);
    grpc::ClientContext ctx;
    Response resp;
    grpc::Status s = (stub.*method)(&ctx, request, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, print);
    return 0;
  };
}

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_COMMON_H_
