// Boost.Asio's and Boost.Beast's non-template code, compiled once here instead of inline in every file of
// this folder that includes them (BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION,
// set for this library only: no other code includes Asio or Beast). A build-time measure: see
// bench/RESULTS.md, "Build times".
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
