/*
 * ssk_will: a Mosquitto 2.0 plugin that refuses, at CONNECT, a last will other than the login's
 * own retained state (issue 13, threat M1 in docs/security.md).
 *
 * Rule: a CONNECT that carries a will is accepted only when the will's topic is exactly
 * ssk/v1/shelf/<user name>/state and its retain flag is set, the user name being a plain shelf id
 * (no '/', '+', '#' and no ".probe" login). Anything else gets CONNACK "not authorised" before a
 * session, and so a will, exists. A CONNECT without a will is left to the next plugin (dynamic
 * security), which checks the password and the client id.
 *
 * Why a plugin, and why it reads the client's will the way it does: Mosquitto 2.0.11 checks a
 * will against the ACLs only when it would send it (src/handle_connect.c runs no ACL check on it),
 * and its plugin API (mosquitto_broker.h) has no accessor for a client's will. It does set
 * context->will before it asks the plugins' MOSQ_EVT_BASIC_AUTH callbacks (handle_connect.c,
 * "context->will = will_struct;" just above "mosquitto_unpwd_check(context)"), and the first
 * plugin whose callback answers something other than MOSQ_ERR_PLUGIN_DEFER decides
 * (src/security.c, mosquitto_unpwd_check). So this plugin is loaded before dynamic security and
 * reads the will from the client's struct, whose layout from `address` to `will` is that of
 * lib/mosquitto_internal.h in 2.0.11 (no build option changes it). Before reading, it locates
 * `address` by pointer equality with what the broker's own accessors return (address, id and
 * user name, and the password the event carries) and checks that the packet being read there is
 * this CONNECT, wholly read. A broker whose struct does not match is not guessed at: every login
 * is then refused and the reason logged (fail closed).
 *
 * Build: deploy/hub/mosquitto/build-ssk-will (gcc, headers from mosquitto-dev and libmosquitto-dev).
 * Load it in mosquitto.conf on a "plugin" line before the dynamic-security plugin's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

/* lib/mosquitto_internal.h (v2.0.11): struct mosquitto__packet, whole. */
struct ssk_packet {
	uint8_t *payload;
	struct ssk_packet *next;
	uint32_t remaining_mult;
	uint32_t remaining_length;
	uint32_t packet_length;
	uint32_t to_process;
	uint32_t pos;
	uint16_t mid;
	uint8_t command;
	int8_t remaining_count;
};

/* lib/mosquitto_internal.h (v2.0.11): struct mosquitto_message_all, whole. */
struct ssk_message_all {
	struct ssk_message_all *next;
	struct ssk_message_all *prev;
	void *properties;
	time_t timestamp;
	int state;
	bool dup;
	struct mosquitto_message msg;
	uint32_t expiry_interval;
};

/* lib/mosquitto_internal.h (v2.0.11): struct mosquitto from `address` to `will`, in order. */
struct ssk_client_from_address {
	char *address;
	char *id;
	char *username;
	char *password;
	uint16_t keepalive;
	uint16_t last_mid;
	int state;
	time_t last_msg_in;
	time_t next_msg_out;
	time_t ping_t;
	struct ssk_packet in_packet;
	struct ssk_packet *current_out_packet;
	struct ssk_packet *out_packet;
	struct ssk_message_all *will;
};

#define SSK_CMD_CONNECT 0x10
#define SSK_TOPIC_PREFIX "ssk/v1/shelf/"
#define SSK_TOPIC_SUFFIX "/state"
/* Before `address` come at most: ident, sock, maximum_packet_size, (adns,) protocol. */
#define SSK_MAX_ADDRESS_OFFSET 64

static mosquitto_plugin_id_t *plugin_id;

/* The client struct seen from its `address` field, or NULL when the layout is not 2.0.11's. */
static const struct ssk_client_from_address *locate(const struct mosquitto_evt_basic_auth *ev)
{
	const char *base = (const char *)ev->client;
	const char *address = mosquitto_client_address(ev->client);
	const char *id = mosquitto_client_id(ev->client);
	size_t off;

	if(address == NULL || id == NULL || ev->username == NULL){
		return NULL;
	}
	for(off = 0; off <= SSK_MAX_ADDRESS_OFFSET; off += sizeof(void *)){
		const struct ssk_client_from_address *c = (const struct ssk_client_from_address *)(base + off);
		if(c->address == address && c->id == id && c->username == ev->username
				&& c->password == ev->password
				&& c->keepalive == (uint16_t)mosquitto_client_keepalive(ev->client)
				&& c->in_packet.command == SSK_CMD_CONNECT
				&& c->in_packet.pos == c->in_packet.remaining_length){
			return c;
		}
	}
	return NULL;
}

static bool plain_shelf_login(const char *user)
{
	size_t n = strlen(user);
	return n > 0 && strpbrk(user, "/+#") == NULL
			&& !(n >= 6 && strcmp(user + n - 6, ".probe") == 0);
}

static bool own_retained_state(const char *user, const struct mosquitto_message *will)
{
	size_t p = strlen(SSK_TOPIC_PREFIX), u = strlen(user), s = strlen(SSK_TOPIC_SUFFIX);
	const char *t = will->topic;

	return will->retain && t != NULL && strlen(t) == p + u + s
			&& strncmp(t, SSK_TOPIC_PREFIX, p) == 0
			&& strncmp(t + p, user, u) == 0
			&& strcmp(t + p + u, SSK_TOPIC_SUFFIX) == 0;
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	const struct mosquitto_evt_basic_auth *ev = event_data;
	const struct ssk_client_from_address *c;
	const struct ssk_message_all *will;
	(void)event;
	(void)userdata;

	if(ev->username == NULL){
		return MOSQ_ERR_PLUGIN_DEFER; /* anonymous: refused by the configuration */
	}
	c = locate(ev);
	if(c == NULL){
		mosquitto_log_printf(MOSQ_LOG_ERR, "ssk_will: this broker's client layout is not Mosquitto "
				"2.0.11's; refusing the CONNECT of client %s rather than guessing at its will",
				mosquitto_client_id(ev->client));
		return MOSQ_ERR_AUTH;
	}
	will = c->will;
	if(will == NULL){
		return MOSQ_ERR_PLUGIN_DEFER;
	}
	if(will->msg.qos < 0 || will->msg.qos > 2 || will->msg.topic == NULL){
		mosquitto_log_printf(MOSQ_LOG_ERR, "ssk_will: client %s: the will read does not look like one; "
				"refusing the CONNECT", c->id);
		return MOSQ_ERR_AUTH;
	}
	if(plain_shelf_login(ev->username) && own_retained_state(ev->username, &will->msg)){
		return MOSQ_ERR_PLUGIN_DEFER;
	}
	mosquitto_log_printf(MOSQ_LOG_NOTICE, "ssk_will: refused CONNECT of client %s (login %.64s): "
			"will on %.200s%s, only the login's own retained state is allowed",
			c->id, ev->username, will->msg.topic, will->msg.retain ? "" : " (not retained)");
	return MOSQ_ERR_AUTH;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	int i;
	for(i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5){
			return 5;
		}
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata,
		struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	plugin_id = identifier;
	return mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
}
