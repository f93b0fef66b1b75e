#include "services/convert_lists.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/ids.h"

namespace reskontra {

namespace {

std::string Kr(int64_t ore) { return Money::FromOre(ore).ToKronor(); }

std::string Range(absl::string_view label, const std::string& from, const std::string& to) {
  if (from.empty() && to.empty()) return "";
  return absl::StrCat(label, " ", from.empty() ? "…" : from, " – ", to.empty() ? "…" : to);
}

const char* ChannelText(pb::PaymentChannel c) {
  switch (c) {
    case pb::PAYMENT_CHANNEL_BANKGIRO:
      return "bankgiro";
    case pb::PAYMENT_CHANNEL_PLUSGIRO:
      return "plusgiro";
    case pb::PAYMENT_CHANNEL_AUTOGIRO:
      return "autogiro";
    case pb::PAYMENT_CHANNEL_CASH:
      return "kontant";
    default:
      return "manuell";
  }
}

const char* StepText(pb::DunningStep step) {
  switch (step) {
    case pb::DUNNING_STEP_REMINDER_1:
      return "påminnelse 1";
    case pb::DUNNING_STEP_REMINDER_2:
      return "påminnelse 2";
    case pb::DUNNING_STEP_COLLECTION_DEMAND:
      return "inkassokrav";
    case pb::DUNNING_STEP_RESIDUAL_DEMAND:
      return "restkrav";
    case pb::DUNNING_STEP_PAYMENT_ORDER_THREAT:
      return "hot om BF";
    default:
      return "";
  }
}

// The API's action names (domain/reports.cc) in Swedish for the printed list.
std::string ActionText(const std::string& action) {
  static const std::map<std::string, std::string> kWords = {
      {"payment", "inbetalning"},
      {"payment (from the unmatched queue)", "inbetalning (från omatchade)"},
      {"0-kronor transaction", "0-kronorstransaktion"},
      {"overpayment to credit balance", "överbetalning till tillgodo"},
      {"underpayment written off", "underbetalning avskriven"},
      {"overpayment kept as income", "överbetalning till intäkt"},
      {"underpayment carried to next invoice", "underbetalning till nästa faktura"},
      {"overpayment carried to next invoice", "överbetalning till nästa faktura"},
      {"carried difference applied", "överförd differens"},
      {"recovery after write-off", "återvunnet efter avskrivning"},
      {"unmatched", "omatchad"},
      {"refunded", "återbetald"},
      {"credit balance applied", "tillgodo avräknat"},
      {"credit balance refunded", "tillgodo återbetalt"},
      {"negative invoice to credit balance", "negativ faktura till tillgodo"},
      {"credit", "kreditering"},
      {"annulment", "makulering"},
      {"write-off", "avskrivning"},
      {"debit", "debitering"},
      {"payment reversed", "inbetalning återförd"},
      {"credit balance reversed", "tillgodo återfört"},
      {"unmatched payment reversed", "omatchad inbetalning återförd"},
      {"reminder fee reversed", "påminnelseavgift återförd"},
      {"collection fee reversed", "inkassoavgift återförd"},
      {"plan fee reversed", "planavgift återförd"},
      {"invoice fee reversed", "fakturaavgift återförd"},
      {"förseningsersättning reversed", "förseningsersättning återförd"},
      {"payment order costs reversed", "kostnad för betalningsföreläggande återförd"},
      {"interest reversed", "ränta återförd"},
  };
  if (auto w = kWords.find(action); w != kWords.end()) return w->second;
  if (absl::StartsWith(action, "booked to account "))
    return absl::StrCat("bokförd på konto ", action.substr(18));
  return action;
}

std::string KrOrBlank(const pb::Amount& a) { return a.ore() == 0 ? "" : a.kronor(); }

}  // namespace

ListContent KontrollistaList(const pb::DunningReceipt& r, const std::string& company, Date today) {
  ListContent l;
  l.title = "KONTROLLISTA";
  l.company = company;
  absl::StatusOr<Date> run_date = ParseDate(r.run_date());
  l.date = run_date.ok() ? *run_date : today;
  l.heading.push_back(absl::StrCat("Kravkörning ", r.run_date(),
                                   r.dry_run() ? " – förhandsgranskning, inget är skrivet" : ""));
  l.heading.push_back(
      absl::StrCat(r.letters_size(), " brev; avgifter och förseningsersättning som debiteras ",
                   r.fees_charged().kronor(), " kr, avgifter som noteras ", r.fees_noted().kronor(), " kr"));
  l.columns = {{"Faktura", false, 3},       {"Kund", false, 2},        {"Namn", false, 6},
               {"Steg", false, 3},          {"Förfallodag", false, 3}, {"Fordran", true, 3},
               {"Avgift", true, 3},         {"Förs.ers.", true, 3},    {"Ränta deb.", true, 3},
               {"Upplupen ränta", true, 4}, {"Tillgodo", true, 3}};
  int64_t claims = 0, fees = 0, compensation = 0, charged = 0, interest = 0;
  for (const pb::DunningLetter& d : r.letters()) {
    l.rows.push_back(
        {{FormatInvoiceNumber(d.invoice_number()), d.customer_number(), d.customer_name(), StepText(d.step()),
          d.due_date(), d.claim().kronor(),
          d.fee().ore() == 0 ? "" : absl::StrCat(d.fee().kronor(), d.fee_charged() ? "" : " (not.)"),
          KrOrBlank(d.compensation()), KrOrBlank(d.interest_charged()), KrOrBlank(d.accrued_interest()),
          KrOrBlank(d.customer_credit())}});
    claims += d.claim().ore();
    fees += d.fee().ore();
    compensation += d.compensation().ore();
    charged += d.interest_charged().ore();
    interest += d.accrued_interest().ore();
  }
  l.totals = {"Summa",
              "",
              absl::StrCat(r.letters_size(), " brev"),
              "",
              "",
              Kr(claims),
              Kr(fees),
              Kr(compensation),
              Kr(charged),
              Kr(interest),
              ""};
  if (r.letters_size() == 0) l.notes.push_back("Inga brev att skicka.");
  for (const pb::PlanEndRow& p : r.plans_ended())
    l.notes.push_back(absl::StrCat("Amorteringsplan ", p.plan_id(), " för kund ", p.customer_number(),
                                   " upphör: ", p.reason(), "."));
  if (r.covered_by_credit_size() > 0) {
    std::vector<std::string> covered;
    for (int64_t n : r.covered_by_credit()) covered.push_back(FormatInvoiceNumber(n));
    l.notes.push_back(
        absl::StrCat("Täcks av kundens tillgodohavande (inget brev): ", absl::StrJoin(covered, ", "), "."));
  }
  l.notes.push_back(
      "(not.) = avgiften noteras men debiteras inte fordran. Förs.ers. = förseningsersättning (lag "
      "1981:739). "
      "Ränta deb. = upplupen ränta som debiteras med inkassokravet.");
  return l;
}

ListContent InbetalningsList(const pb::PaymentListRequest& q, const pb::PaymentListResponse& r, Date today) {
  ListContent l;
  l.title = "INBETALNINGSLISTA";
  l.date = today;
  const int32_t from = q.company_from() == 0 ? 1 : q.company_from();
  if (from == q.company_to()) l.company = absl::StrCat("Företag ", from);
  for (std::string line : {Range("Inrapporteringsdag", q.entry_from(), q.entry_to()),
                           Range("Transaktionsdag", q.transaction_from(), q.transaction_to()),
                           Range("Bokföringsdag", q.posting_from(), q.posting_to()),
                           Range("Förfallodag", q.due_from(), q.due_to())})
    if (!line.empty()) l.heading.push_back(std::move(line));
  if (q.invoice_from() != 0 || q.invoice_to() != 0)
    l.heading.push_back(absl::StrCat("Fakturor ", FormatInvoiceNumber(q.invoice_from()), " – ",
                                     q.invoice_to() == 0 ? "…" : FormatInvoiceNumber(q.invoice_to())));
  if (!q.method().empty()) l.heading.push_back(absl::StrCat("Inbetalningssätt ", q.method()));
  if (q.kind() == pb::ENTRY_KIND_AUTOMATIC) l.heading.push_back("Endast automatiska (bankfiler)");
  if (q.kind() == pb::ENTRY_KIND_MANUAL) l.heading.push_back("Endast manuella");
  if (q.has_channel()) l.heading.push_back(absl::StrCat("Kanal ", ChannelText(q.channel())));
  l.heading.push_back(absl::StrCat(r.count(), " rader, summa ", r.total().kronor(), " kr"));
  l.columns = {{"Trans.dag", false, 3}, {"Sätt", false, 2}, {"Faktura", false, 3},  {"Åtgärd", false, 5},
               {"Kund", false, 2},      {"Namn", false, 6}, {"Bokf.dag", false, 3}, {"Belopp", true, 3}};
  // The rows by transaction date and method as the API sorts them, with the API's totals after
  // each method (when a day has more than one) and each day.
  std::map<std::pair<std::string, std::string>, const pb::PaymentListSubtotal*> by_method;
  std::map<std::string, const pb::PaymentListSubtotal*> by_date;
  std::map<std::string, int> methods_a_day;
  for (const pb::PaymentListSubtotal& t : r.method_totals()) {
    by_method[{t.transaction_date(), t.method()}] = &t;
    ++methods_a_day[t.transaction_date()];
  }
  for (const pb::PaymentListSubtotal& t : r.date_totals()) by_date[t.transaction_date()] = &t;
  auto subtotal = [&l](const std::string& text, const pb::PaymentListSubtotal* t) {
    if (t == nullptr || t->count() < 2) return;  // one row is its own total
    l.rows.push_back(
        {{"", "", "", text, "", absl::StrCat(t->count(), " st"), "", t->amount().kronor()}, true});
  };
  for (int i = 0; i < r.rows_size(); ++i) {
    const pb::PaymentListRow& row = r.rows(i);
    l.rows.push_back(
        {{row.transaction_date(), row.method().empty() ? ChannelText(row.channel()) : row.method(),
          row.invoice_number() == 0 ? "" : FormatInvoiceNumber(row.invoice_number()),
          ActionText(row.action()), row.customer_number(),
          row.customer_name().empty() ? row.payer_name() : row.customer_name(),
          row.posting_date().empty() ? "ej bokförd" : row.posting_date(), row.amount().kronor()}});
    const bool last = i + 1 == r.rows_size();
    const bool new_day = last || r.rows(i + 1).transaction_date() != row.transaction_date();
    if ((new_day || r.rows(i + 1).method() != row.method()) && methods_a_day[row.transaction_date()] > 1) {
      auto t = by_method.find({row.transaction_date(), row.method()});
      subtotal(absl::StrCat("Summa sätt ", row.method().empty() ? "–" : row.method()),
               t == by_method.end() ? nullptr : t->second);
    }
    if (new_day) {
      auto t = by_date.find(row.transaction_date());
      subtotal(absl::StrCat("Summa ", row.transaction_date()), t == by_date.end() ? nullptr : t->second);
    }
  }
  l.totals = {"Summa", "", "", absl::StrCat(r.count(), " rader"), "", "", "", r.total().kronor()};
  if (r.rows_size() == 0) l.notes.push_back("Inga rader i urvalet.");
  if (r.truncated())
    l.notes.push_back(absl::StrCat("Listan visar de första ", r.rows_size(),
                                   " raderna; antal och summor gäller hela urvalet."));
  return l;
}

}  // namespace reskontra
