/* suites.h: the unit suites, one per lib/ module. */
#ifndef UNIT_SUITES_H
#define UNIT_SUITES_H

#define UNIT_SUITES \
	SUITE(util) SUITE(valid) SUITE(request) SUITE(route) SUITE(input) \
	SUITE(auth) SUITE(config) SUITE(page) SUITE(link) SUITE(pdf) SUITE(html) SUITE(tmpl) SUITE(score) \
	SUITE(admin) SUITE(webui) SUITE(json) SUITE(mail) SUITE(cors)

void	suite_util(void);
void	suite_valid(void);
void	suite_request(void);
void	suite_route(void);
void	suite_input(void);
void	suite_auth(void);
void	suite_config(void);
void	suite_page(void);
void	suite_link(void);
void	suite_pdf(void);
void	suite_html(void);
void	suite_tmpl(void);
void	suite_score(void);
void	suite_admin(void);
void	suite_webui(void);
void	suite_json(void);
void	suite_mail(void);
void	suite_cors(void);

#endif
