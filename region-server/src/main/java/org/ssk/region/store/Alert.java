package org.ssk.region.store;

/** An alert the region raised about a center: kind {@code chain_broken} (at {@code seq}) or {@code wrong_center}. */
public record Alert(String centerId, Long seq, String kind, String detail, long raisedMs) {
}
