//! Every request the API knows, by its canonical name, and the other spellings clients in
//! the field send (`sipEndpoint.*` for the voice mute methods, `unlockMarkdone`).
//! `system.getAllowedServices` lists from here; an unknown request is refused by name.

/// Canonical request names, namespace by namespace, as the documents list them.
pub const REQUESTS: &[&str] = &[
    "agent.get",
    "agent.getState",
    "agent.getStateList",
    "agent.setState",
    "auth.getJwtToken",
    "configuration.getOption",
    "email.create",
    "interaction.accept",
    "interaction.blockMarkdone",
    "interaction.completeConference",
    "interaction.completeTransfer",
    "interaction.consult",
    "interaction.deleteUserData",
    "interaction.getByInteractionId",
    "interaction.getInteractions",
    "interaction.markdone",
    "interaction.reject",
    "interaction.selectCaseByCaseId",
    "interaction.setUserData",
    "interaction.singleStepConference",
    "interaction.singleStepTransfer",
    "interaction.unblockMarkdone",
    "media.getMediaByName",
    "media.getMediaList",
    "media.setState",
    "system.closeToast",
    "system.getAllowedServices",
    "system.isFrameFollowing",
    "system.isFrameLeading",
    "system.isFrameLeadingOrNegotiating",
    "system.isFrameNegotiating",
    "system.isLastActiveFrame",
    "system.popupToast",
    "system.triggerActivity",
    "system.updateToast",
    "voice.answer",
    "voice.dial",
    "voice.dialEx",
    "voice.hangUp",
    "voice.hold",
    "voice.isMicrophoneMute",
    "voice.isSpeakerMute",
    "voice.muteMicrophone",
    "voice.muteSpeaker",
    "voice.pauseCallRecording",
    "voice.resume",
    "voice.resumeCallRecording",
    "voice.startCallRecording",
    "voice.stopCallRecording",
    "voice.unmuteMicrophone",
    "voice.unmuteSpeaker",
];

/// Requests every accepted origin may make, whatever its request filter: the documents
/// say `system.getAllowedServices` fails only for an origin that is not accepted.
/// `getAllowedServices` lists the filtered requests, so it does not list these.
pub const FILTER_EXEMPT: &[&str] = &["system.getAllowedServices"];

/// The voice methods clients also send under the `sipEndpoint` namespace.
const SIP_ENDPOINT_METHODS: &[&str] =
    &["isMicrophoneMute", "muteMicrophone", "unmuteMicrophone", "isSpeakerMute", "muteSpeaker", "unmuteSpeaker"];

/// Event categories a page may subscribe to.
pub const CATEGORIES: &[&str] = &["agent", "interaction", "media", "system", "markdone", "outbound"];

/// The canonical name of `request`, taking the field's other spellings; `None` when the
/// API has no such request.
pub fn canonical(request: &str) -> Option<&'static str> {
    let respelled;
    let name = if let Some(method) = request.strip_prefix("sipEndpoint.").filter(|m| SIP_ENDPOINT_METHODS.contains(m)) {
        respelled = format!("voice.{method}");
        respelled.as_str()
    } else if request == "interaction.unlockMarkdone" {
        "interaction.unblockMarkdone"
    } else {
        request
    };
    REQUESTS.iter().copied().find(|r| *r == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_spellings_map_to_the_documented_names() {
        assert_eq!(canonical("sipEndpoint.muteMicrophone"), Some("voice.muteMicrophone"));
        assert_eq!(canonical("interaction.unlockMarkdone"), Some("interaction.unblockMarkdone"));
        assert_eq!(canonical("agent.get"), Some("agent.get"));
        assert_eq!(canonical("agent.fly"), None);
        assert_eq!(canonical("sipEndpoint.dial"), None, "only the mute methods have the sipEndpoint spelling");
    }

    #[test]
    fn the_catalog_is_sorted_and_has_no_duplicates() {
        let mut sorted = REQUESTS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, REQUESTS);
    }
}
