// Overloaded: a visitor built from lambdas, for std::visit over the event and command variants.
//
//   std::visit(Overloaded{[](const InvoiceIssued& e) {...}, [](const auto&) {...}}, body);
#ifndef RESKONTRA_BASE_OVERLOADED_H_
#define RESKONTRA_BASE_OVERLOADED_H_

namespace reskontra {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace reskontra

#endif  // RESKONTRA_BASE_OVERLOADED_H_
