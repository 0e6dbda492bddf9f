/**
 * TCP options as values (RFC 9293 §3.1, §3.2; RFC 7323; RFC 2018; RFC 7413) and their octet layout.
 *
 * <p>Read first: RFC 9293 §3.1 ("Options", MUST-4 to MUST-7, MUST-64, MUST-68, MUST-69).
 * {@link io.github.tcpmodel.option.SegmentOption} is the sum type; {@link io.github.tcpmodel.option.OptionCodec}
 * decodes and encodes an option list, skipping unknown options by their length and reporting illegal lengths.
 * What the options mean for a connection (negotiation, window scaling, PAWS, SACK) is in
 * {@link io.github.tcpmodel.semantics}.
 */
package io.github.tcpmodel.option;
