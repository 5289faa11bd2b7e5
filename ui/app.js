// The desktop's own UI: the agent and their state, the interactions at the desk, and the
// tab strip that switches extension tabs. It talks to Rust through its own ui_* commands
// and redraws on every `desktop-changed` event. Extension pages never run here.
(function () {
  'use strict';
  var tauri = window.__TAURI_INTERNALS__;
  var invoke = function (command, args) { return tauri.invoke(command, args || {}); };

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function report(error) {
    console.error('[AgentDeck]', error);
  }

  function renderAgent(snapshot) {
    var agent = document.getElementById('agent');
    agent.textContent = snapshot.agent.firstname + ' ' + snapshot.agent.lastname + ' (' + snapshot.agent.username + ')';
    agent.appendChild(element('span', { class: 'state ' + snapshot.state.type, id: 'current-state' }, snapshot.state.displayName));

    var states = document.getElementById('states');
    states.textContent = '';
    snapshot.stateList.forEach(function (state) {
      var button = element('button', { type: 'button', 'data-state': state.operationName }, state.displayName);
      if (state.operationName === snapshot.state.operationName) button.classList.add('current');
      button.addEventListener('click', function () {
        invoke('ui_set_agent_state', { operationName: state.operationName }).catch(report);
      });
      states.appendChild(button);
    });
  }

  // The buttons an interaction offers are its capabilities that the agent can act on here.
  var ACTIONS = {
    ANSWER: 'Answer', REJECT: 'Reject', ACCEPT: 'Accept', HOLD: 'Hold', RESUME: 'Resume',
    HANGUP: 'Release', END: 'End chat', SEND: 'Send', CANCEL: 'Cancel', CALL: 'Call',
    REJECT_RECORD: 'Reject record', CANCEL_RECORD: 'Cancel record', MARK_DONE: 'Mark done'
  };

  function action(capability, interactionId) {
    var button = element('button', { type: 'button', 'data-action': capability, 'data-interaction': interactionId },
      ACTIONS[capability]);
    button.addEventListener('click', function () {
      invoke('ui_interaction_action', { interactionId: interactionId, capability: capability }).catch(report);
    });
    return button;
  }

  function renderInteractions(snapshot) {
    var list = document.getElementById('interactions');
    list.textContent = '';
    snapshot.interactions.forEach(function (interaction) {
      var item = element('div', { class: 'interaction', 'data-interaction': interaction.interactionId });
      var who = interaction.ani || interaction.dnis || (interaction.parties[0] || {}).name || '';
      item.appendChild(element('span', {}, interaction.media + ' ' + interaction.interactionId + ' · ' +
        who + ' · ' + interaction.state));
      (interaction.capabilities || []).forEach(function (capability) {
        if (ACTIONS[capability]) item.appendChild(action(capability, interaction.interactionId));
      });
      list.appendChild(item);
    });
  }

  function renderTabs(snapshot) {
    var strip = document.getElementById('tabs');
    strip.textContent = '';
    snapshot.tabs.forEach(function (tab) {
      var button = element('button', {
        type: 'button', role: 'tab', 'data-tab': tab.label, 'aria-selected': String(tab.selected)
      }, tab.title);
      button.addEventListener('click', function () {
        invoke('ui_select_tab', { label: tab.label }).catch(report);
      });
      strip.appendChild(button);
    });
    document.getElementById('no-tab').hidden = snapshot.tabs.some(function (t) { return t.selected; });
  }

  function render(snapshot) {
    renderAgent(snapshot);
    renderInteractions(snapshot);
    renderTabs(snapshot);
  }

  // Extension tabs are webviews laid over #content: tell Rust where it is.
  function reportLayout() {
    var box = document.getElementById('content').getBoundingClientRect();
    invoke('ui_layout', { area: { x: box.left, y: box.top, width: box.width, height: box.height } }).catch(report);
  }

  document.getElementById('simulate-call').addEventListener('click', function () {
    invoke('ui_simulate_inbound_call', { ani: '+15550100' }).catch(report);
  });

  invoke('plugin:event|listen', {
    event: 'desktop-changed',
    target: { kind: 'Any' },
    handler: tauri.transformCallback(function (event) { render(event.payload); })
  }).catch(report);
  invoke('ui_snapshot').then(render, report);
  new ResizeObserver(reportLayout).observe(document.getElementById('content'));
  reportLayout();
})();
